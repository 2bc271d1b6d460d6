import { describe, expect, it } from "vitest";

import { allowedOriginsFor, crossSiteRejection } from "./csrf";

const allowedOrigins = ["https://secrets.example.com"];

function check(method: string, headers: Record<string, string>, pathname = "/api/auth/signout"): string | null {
  return crossSiteRejection({ method, pathname, headers: new Headers(headers), allowedOrigins });
}

describe("crossSiteRejection", () => {
  it("allows a same-origin POST", () => {
    expect(check("POST", { origin: "https://secrets.example.com", "sec-fetch-site": "same-origin" })).toBeNull();
  });

  it("refuses a cross-site POST", () => {
    expect(check("POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toMatch(/Sec-Fetch-Site is "cross-site"/);
  });

  it("refuses a same-site subdomain POST", () => {
    expect(check("POST", { "sec-fetch-site": "same-site" })).toMatch(/same-site/);
  });

  it("refuses a foreign Origin", () => {
    expect(check("POST", { origin: "https://evil.example" })).toMatch(/Origin https:\/\/evil.example/);
  });

  it("refuses a null Origin", () => {
    expect(check("DELETE", { origin: "null" })).not.toBeNull();
  });

  it("allows a GET from anywhere", () => {
    expect(check("GET", { "sec-fetch-site": "cross-site" })).toBeNull();
  });

  it("allows a client without browser headers", () => {
    expect(check("POST", {})).toBeNull();
  });

  it("exempts the GitHub webhook", () => {
    expect(check("POST", { origin: "https://github.com", "sec-fetch-site": "cross-site" }, "/api/webhooks/github")).toBeNull();
  });
});

describe("allowedOriginsFor", () => {
  it("includes the public URL", () => {
    expect(allowedOriginsFor(new Headers(), "http:", "https://secrets.example.com/")).toContain("https://secrets.example.com");
  });

  it("includes the Host origin", () => {
    expect(allowedOriginsFor(new Headers({ host: "localhost:3000" }), "http:", undefined)).toEqual(["http://localhost:3000"]);
  });

  it("prefers forwarded host and protocol", () => {
    const headers = new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "secrets.example.com", "x-forwarded-proto": "https" });
    expect(allowedOriginsFor(headers, "http:", undefined)).toEqual(["https://secrets.example.com"]);
  });
});
