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

  it("explains a missing read:org scope", () => {
    expect(describeSignInError("GitHubMissingScope")).toMatch(/did not grant the read:org scope/);
  });

  it("explains a hidden private membership", () => {
    expect(describeSignInError("GitHubPrivateMembership")).toMatch(/membership in the organization is private/);
  });

  it("names the organization of an invitation", () => {
    expect(describeSignInError("GitHubPendingInvitation", { org: "acme" })).toContain("https://github.com/orgs/acme/invitation");
  });

  it("explains a missing groups claim", () => {
    expect(describeSignInError("OidcGroupsClaimMissing")).toMatch(/auth.oidc.groupsClaim/);
  });

  it("gives the wait after a 429", () => {
    expect(describeSignInError("RateLimited", { retryAfter: "42" })).toContain("Try again in 42 seconds");
  });

  it("ignores a malformed wait", () => {
    expect(describeSignInError("RateLimited", { retryAfter: "soon<script>" })).toContain("Try again in a minute");
  });

  it("names an unknown code", () => {
    expect(describeSignInError("OAuthCallback")).toContain("(OAuthCallback)");
  });
});
