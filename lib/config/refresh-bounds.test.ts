import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { parsePortalConfig } from "./load";

const sandboxConfig = readFileSync(new URL("../../portal.config.yaml", import.meta.url), "utf8");

/** Replaces the dev environment's refresh interval block of the sandbox configuration. */
function withDevRefresh(block: string): string {
  const original = "    refreshInterval:\n      default: 1h\n      choices: [15m, 1h, 6h, 24h]\n      min: 5m\n      max: 24h\n";
  expect(sandboxConfig).toContain(original);
  return sandboxConfig.replace(original, block);
}

describe("refresh interval bounds", () => {
  it("defaults min and max", () => {
    const config = parsePortalConfig(withDevRefresh("    refreshInterval:\n      default: 1h\n      choices: [15m, 1h]\n"), "test");
    expect(config.environments[0]?.refreshInterval.min).toBe("5m");
    expect(config.environments[0]?.refreshInterval.max).toBe("24h");
  });

  it("rejects a choice outside the bounds", () => {
    const text = withDevRefresh("    refreshInterval:\n      default: 1h\n      choices: [1m, 1h]\n      min: 5m\n      max: 24h\n");
    expect(() => parsePortalConfig(text, "test")).toThrow(/environments\.0\.refreshInterval\.choices\.0.*1m is outside the bounds 5m to 24h/);
  });

  it("rejects a default that is no choice", () => {
    const text = withDevRefresh("    refreshInterval:\n      default: 2h\n      choices: [1h]\n");
    expect(() => parsePortalConfig(text, "test")).toThrow(/2h must be one of the choices 1h/);
  });

  it("rejects min above max", () => {
    const text = withDevRefresh("    refreshInterval:\n      default: 1h\n      choices: [1h]\n      min: 2h\n      max: 1h\n");
    expect(() => parsePortalConfig(text, "test")).toThrow(/must not be longer than max/);
  });

  it("reads prices and value defaults", () => {
    const config = parsePortalConfig(sandboxConfig, "test");
    expect(config.costs).toEqual({ currency: "USD", pricePer10kApiCalls: 0.05 });
    expect(config.generatedValues.defaultPolicy.length).toBe(40);
    expect(config.generatedValues.minLength).toBe(16);
  });
});
