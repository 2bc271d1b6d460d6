import { describe, expect, it } from "vitest";

import { originFromHeaders } from "./request-origin";

describe("originFromHeaders", () => {
  it("takes the first forwarded address", () => {
    const origin = originFromHeaders(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }));
    expect(origin.ipAddress).toBe("203.0.113.7");
  });

  it("falls back to x-real-ip", () => {
    expect(originFromHeaders(new Headers({ "x-real-ip": "198.51.100.2" })).ipAddress).toBe("198.51.100.2");
  });

  it("returns null without an address", () => {
    expect(originFromHeaders(new Headers()).ipAddress).toBeNull();
  });

  it("reads the user agent", () => {
    expect(originFromHeaders(new Headers({ "user-agent": "curl/8.5.0" })).userAgent).toBe("curl/8.5.0");
  });
});
