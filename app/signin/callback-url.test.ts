import { describe, expect, it } from "vitest";

import { describeSignInError, safeCallbackUrl, signInPath } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a site path", () => {
    expect(safeCallbackUrl("/requests/new")).toBe("/requests/new");
  });

  it("keeps a query string", () => {
    expect(safeCallbackUrl("/all-requests?status=PR_OPEN")).toBe("/all-requests?status=PR_OPEN");
  });

  it.each([
    ["absolute URL", "https://evil.example/"],
    ["protocol-relative URL", "//evil.example/"],
    ["backslash URL", "/\\evil.example/"],
    ["relative path", "requests"],
    ["control character", "/requests\n/x"],
    ["missing value", undefined],
    ["array", ["/requests"]],
  ])("rejects %s", (_case, value) => {
    expect(safeCallbackUrl(value)).toBe("/requests");
  });
});

describe("signInPath", () => {
  it("encodes the return path", () => {
    expect(signInPath("/requests/new")).toBe("/signin?callbackUrl=%2Frequests%2Fnew");
  });

  it("drops an unsafe return path", () => {
    expect(signInPath("//evil.example")).toBe("/signin?callbackUrl=%2Frequests");
  });
});

describe("describeSignInError", () => {
  it("returns null without a code", () => {
    expect(describeSignInError(undefined)).toBeNull();
  });

  it("explains a failed persona sign-in", () => {
    expect(describeSignInError("CredentialsSignin")).toMatch(/persona is not configured/);
  });

  it("names an unknown code", () => {
    expect(describeSignInError("OAuthCallback")).toContain("(OAuthCallback)");
  });
});
