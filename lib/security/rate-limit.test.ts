import { beforeEach, describe, expect, it } from "vitest";

import { consumeRateLimit, rateLimitMessage, resetRateLimits } from "./rate-limit";

const rule = { name: "test", limit: 3, windowSeconds: 60 };

describe("consumeRateLimit", () => {
  beforeEach(() => resetRateLimits());

  it("allows up to the limit", () => {
    const results = [1, 2, 3].map(() => consumeRateLimit(rule, "a", 0));
    expect(results.every((result) => result.allowed)).toBe(true);
  });

  it("refuses past the limit", () => {
    for (let count = 0; count < 3; count += 1) consumeRateLimit(rule, "a", 0);
    expect(consumeRateLimit(rule, "a", 10_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
  });

  it("counts subjects apart", () => {
    for (let count = 0; count < 3; count += 1) consumeRateLimit(rule, "a", 0);
    expect(consumeRateLimit(rule, "b", 0).allowed).toBe(true);
  });

  it("starts a new window", () => {
    for (let count = 0; count < 4; count += 1) consumeRateLimit(rule, "a", 0);
    expect(consumeRateLimit(rule, "a", 60_000).allowed).toBe(true);
  });
});

describe("rateLimitMessage", () => {
  it("names the limit and the wait", () => {
    expect(rateLimitMessage("sign-in attempts", rule, 5)).toBe(
      "Too many sign-in attempts: the limit is 3 per 60 seconds. Try again in 5 seconds.",
    );
  });
});
