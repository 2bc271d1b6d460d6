import { describe, expect, it } from "vitest";

import { assertProductionStartup, productionStartupProblems, readGitHubCredentials, readPortalEnv } from "./env";

const complete: Record<string, string | undefined> = {
  PORTAL_MODE: "production",
  NEXTAUTH_SECRET: "x".repeat(40),
  NEXTAUTH_URL: "https://secrets.example.com",
  GITHUB_WEBHOOK_SECRET: "w".repeat(32),
  DATABASE_URL: "postgresql://portal@db.internal/portal",
  GITHUB_APP_ID: "12345",
  GITHUB_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nMIIB\\n-----END RSA PRIVATE KEY-----",
  GITHUB_APP_INSTALLATION_ID: "678",
  GITHUB_OAUTH_CLIENT_ID: "Iv1.client",
  GITHUB_OAUTH_CLIENT_SECRET: "oauth-secret",
};
const githubSignIn = { providers: ["github"] };

function without(name: string): Record<string, string | undefined> {
  const env = { ...complete };
  delete env[name];
  return env;
}

describe("assertProductionStartup", () => {
  it("accepts a complete production environment", () => {
    expect(() => assertProductionStartup(complete, githubSignIn)).not.toThrow();
  });

  it.each([
    "NEXTAUTH_SECRET",
    "NEXTAUTH_URL",
    "GITHUB_WEBHOOK_SECRET",
    "DATABASE_URL",
    "GITHUB_APP_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_INSTALLATION_ID",
    "GITHUB_OAUTH_CLIENT_ID",
    "GITHUB_OAUTH_CLIENT_SECRET",
  ])("names missing %s", (name) => {
    expect(() => assertProductionStartup(without(name), githubSignIn)).toThrow(`Missing environment setting ${name}:`);
  });

  it.each(["NEXTAUTH_SECRET", "DATABASE_URL", "GITHUB_APP_ID"])("reports only missing %s", (name) => {
    expect(productionStartupProblems(without(name), githubSignIn)).toHaveLength(1);
  });

  it("treats an empty value as missing", () => {
    expect(() => assertProductionStartup({ ...complete, DATABASE_URL: "" }, githubSignIn)).toThrow("DATABASE_URL");
  });

  it("names both credential kinds without any", () => {
    const env = { ...without("GITHUB_APP_ID") };
    delete env.GITHUB_APP_PRIVATE_KEY;
    delete env.GITHUB_APP_INSTALLATION_ID;
    expect(() => assertProductionStartup(env, githubSignIn)).toThrow(/GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID .* or GITHUB_TOKEN/);
  });

  it("accepts a token instead of the App", () => {
    const env: Record<string, string | undefined> = { ...without("GITHUB_APP_ID"), GITHUB_TOKEN: "ghp_example" };
    delete env.GITHUB_APP_PRIVATE_KEY;
    delete env.GITHUB_APP_INSTALLATION_ID;
    expect(productionStartupProblems(env, githubSignIn)).toEqual([]);
  });

  it("refuses the sandbox provider", () => {
    expect(() => assertProductionStartup(complete, { providers: ["sandbox", "github"] })).toThrow(/auth.providers lists "sandbox"/);
  });

  it("names the OIDC client secret", () => {
    expect(() => assertProductionStartup(complete, { providers: ["oidc"] })).toThrow("OIDC_CLIENT_SECRET");
  });

  it("lists every problem in one error", () => {
    expect(productionStartupProblems({ PORTAL_MODE: "production" }, githubSignIn)).toHaveLength(7);
  });

  it("checks nothing in sandbox mode", () => {
    expect(productionStartupProblems({ PORTAL_MODE: "sandbox" }, { providers: ["sandbox"] })).toEqual([]);
  });
});

describe("readGitHubCredentials", () => {
  it("prefers the GitHub App", () => {
    expect(readGitHubCredentials(readPortalEnv({ ...complete, GITHUB_TOKEN: "ghp_example" })).kind).toBe("app");
  });

  it("restores newlines in the private key", () => {
    const credentials = readGitHubCredentials(readPortalEnv(complete));
    expect(credentials.kind).toBe("app");
    if (credentials.kind !== "app") return;
    expect(credentials.privateKey.split("\n")).toHaveLength(3);
  });

  it("falls back to the token", () => {
    const env = readPortalEnv({ GITHUB_TOKEN: "ghp_example" });
    expect(readGitHubCredentials(env)).toEqual({ kind: "token", token: "ghp_example" });
  });
});
