import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parsePortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";

import { checkRequest, type PolicyRequestFields } from "./check-request";

const configFile = path.resolve("lib/policy/test-fixtures/portal.config.yaml");
const config = parsePortalConfig(readFileSync(configFile, "utf8"), configFile);

const valid: PolicyRequestFields = {
  environment: "dev",
  application: "payments-api",
  secretName: "database-password",
  refreshInterval: "1h",
  justification: "",
};

function check(overrides: PolicyRequestFields, policyConfig: PortalConfig = config): Array<[string, string | undefined, string]> {
  return checkRequest(policyConfig, { ...valid, ...overrides }).map((finding) => [finding.ruleId, finding.field, finding.message]);
}

describe("checkRequest", () => {
  it("passes a valid dev request", () => {
    expect(checkRequest(config, valid)).toEqual([]);
  });

  it("skips empty fields", () => {
    expect(checkRequest(config, {})).toEqual([]);
  });

  it("refuses an unknown environment", () => {
    expect(check({ environment: "qa" })).toEqual([["known-application", "environment", 'Environment "qa" is not configured.']]);
  });

  it("refuses an unknown application", () => {
    expect(check({ application: "ledger" })).toEqual([["known-application", "application", 'Application "ledger" is not configured.']]);
  });

  it("applies the naming rules", () => {
    expect(check({ secretName: "token-abc123" })).toEqual([
      [
        "naming",
        "secretName",
        'Secret name "token-abc123" must not end in a hyphen followed by six letters or digits, because AWS appends such a suffix to secret ARNs; lengthen or shorten the last part, for example `token-abc123-key` or `tokenabc123`.',
      ],
    ]);
  });

  it("refuses an interval outside the bounds", () => {
    expect(check({ refreshInterval: "5m" })).toEqual([
      ["refresh-interval-bounds", "refreshInterval", "Refresh interval 5m is outside dev's bounds of 15m to 24h."],
    ]);
  });

  it("refuses a non-duration interval", () => {
    expect(check({ refreshInterval: "hourly" })).toEqual([
      ["refresh-interval-bounds", "refreshInterval", 'Refresh interval "hourly" is not a Go duration.'],
    ]);
  });

  it("requires a production justification", () => {
    expect(check({ environment: "prod" })).toEqual([
      ["production-justification", "justification", "A justification is required in production environment prod."],
    ]);
  });

  it("requires the minimum length", () => {
    expect(check({ environment: "prod", justification: "  needed  " })).toEqual([
      [
        "production-justification",
        "justification",
        "The justification is 6 characters long; production environment prod needs at least 20.",
      ],
    ]);
  });

  it("accepts a long enough justification", () => {
    expect(check({ environment: "prod", justification: "The new billing job reads it." })).toEqual([]);
  });

  it("can require a justification everywhere", () => {
    const everywhere = { ...config, policy: { ...config.policy, justification: { minLength: 5, requiredIn: "all" as const } } };
    expect(check({ justification: "" }, everywhere)).toEqual([
      ["production-justification", "justification", "A justification is required in every environment."],
    ]);
  });

  it("checks the prefix of a custom template", () => {
    const custom = { ...config, providerNameTemplate: "{environment}/{application}/{name}/value" };
    expect(checkRequest(custom, valid)).toEqual([]);
  });

  it("turns off a rule", () => {
    const relaxed = { ...config, policy: { ...config.policy, rules: { "production-justification": "off" as const } } };
    expect(check({ environment: "prod" }, relaxed)).toEqual([]);
  });
});
