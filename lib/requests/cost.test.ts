import { describe, expect, it } from "vitest";

import { describeRefreshCost, describeShorterInterval, estimateRefreshCost, formatMoney } from "./cost";

const pricing = { currency: "USD", pricePer10kApiCalls: 0.05 };

describe("estimateRefreshCost", () => {
  it("counts hourly calls", () => {
    expect(estimateRefreshCost("1h", pricing)?.callsPerMonth).toBe(720);
  });

  it("prices 15m refreshes", () => {
    const cost = estimateRefreshCost("15m", pricing);
    expect(cost?.callsPerMonth).toBe(2880);
    expect(cost?.monthlyCost).toBeCloseTo(0.0144, 6);
  });

  it("reads compound durations", () => {
    expect(estimateRefreshCost("1h30m", pricing)?.callsPerMonth).toBe(480);
  });

  it("rejects zero and garbage", () => {
    expect(estimateRefreshCost("0s", pricing)).toBeNull();
    expect(estimateRefreshCost("hourly", pricing)).toBeNull();
  });

  it("uses the configured price", () => {
    expect(estimateRefreshCost("1h", { currency: "EUR", pricePer10kApiCalls: 1 })?.monthlyCost).toBeCloseTo(0.072, 6);
  });
});

describe("describeRefreshCost", () => {
  it("shows sub-cent amounts", () => {
    const cost = estimateRefreshCost("1h", pricing);
    expect(cost).not.toBeNull();
    if (!cost) return;
    expect(describeRefreshCost(cost)).toBe("720 API calls, about USD 0.0036 per month");
  });

  it("formats larger amounts with cents", () => {
    expect(formatMoney(12.5, "USD")).toBe("USD 12.50");
  });
});

describe("describeShorterInterval", () => {
  it("names the next shorter choice", () => {
    const text = describeShorterInterval("1h", ["15m", "1h", "6h", "24h"], pricing);
    expect(text).toBe(
      "15m instead of 1h: a rotated value reaches the Kubernetes Secret up to 45 min sooner, for 4× the calls (2,880 API calls, about USD 0.0144 per month).",
    );
  });

  it("returns null for the shortest", () => {
    expect(describeShorterInterval("15m", ["15m", "1h"], pricing)).toBeNull();
  });
});
