import { describe, expect, it } from "vitest";

import { buildContentSecurityPolicy, createNonce, securityHeaders } from "./headers";

const base = { nonce: "bm9uY2U=", development: false, production: false };

describe("buildContentSecurityPolicy", () => {
  it("allows scripts by nonce", () => {
    expect(buildContentSecurityPolicy(base)).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  });

  it("forbids framing", () => {
    expect(buildContentSecurityPolicy(base)).toContain("frame-ancestors 'none'");
  });

  it("omits unsafe-eval outside development", () => {
    expect(buildContentSecurityPolicy(base)).not.toContain("unsafe-eval");
  });

  it("allows eval in development", () => {
    expect(buildContentSecurityPolicy({ ...base, development: true })).toContain("'unsafe-eval'");
  });

  it("omits unsafe-inline outside development", () => {
    expect(buildContentSecurityPolicy(base)).not.toContain("unsafe-inline");
  });

  it("allows dev-tools styles in development", () => {
    expect(buildContentSecurityPolicy({ ...base, development: true })).toContain("style-src 'self' 'unsafe-inline'");
  });
});

describe("securityHeaders", () => {
  it("sets HSTS in production", () => {
    expect(securityHeaders({ ...base, production: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
  });

  it("omits HSTS elsewhere", () => {
    expect(securityHeaders(base)["Strict-Transport-Security"]).toBeUndefined();
  });

  it("sets the referrer policy", () => {
    expect(securityHeaders(base)["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("sets nosniff", () => {
    expect(securityHeaders(base)["X-Content-Type-Options"]).toBe("nosniff");
  });
});

describe("createNonce", () => {
  it("makes 128-bit base64 values", () => {
    expect(Buffer.from(createNonce(), "base64")).toHaveLength(16);
  });

  it("differs per call", () => {
    expect(createNonce()).not.toBe(createNonce());
  });
});
