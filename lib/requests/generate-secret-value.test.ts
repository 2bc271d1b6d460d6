import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { generateSecretValue, generateWithCrypto, type GeneratedRequestFields } from "./generate-secret-value";
import { DEFAULT_VALUE_POLICY, DIGITS, LOWERCASE, SYMBOLS, UPPERCASE, URL_RESERVED } from "./value-policy";

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

const base: GeneratedRequestFields = {
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  keyNames: ["password"],
  secretType: "Opaque",
  keyPolicies: {},
  username: null,
};

async function generate(fields: Partial<GeneratedRequestFields>): Promise<Record<string, string>> {
  const text = await generateSecretValue(sandbox.services, "eu-west-1", { ...base, ...fields });
  return JSON.parse(text) as Record<string, string>;
}

describe("generateSecretValue", () => {
  it("uses the default policy", async () => {
    const value = await generate({});
    expect(value.password).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("applies a key's length", async () => {
    const value = await generate({ keyPolicies: { password: { ...DEFAULT_VALUE_POLICY, length: 64 } } });
    expect(value.password).toHaveLength(64);
  });

  it("keeps URL characters out of symbols", async () => {
    const policy = { ...DEFAULT_VALUE_POLICY, symbols: true, length: 200 };
    const value = await generate({ keyPolicies: { password: policy } });
    for (const character of URL_RESERVED) expect(value.password).not.toContain(character);
  });

  it("excludes the listed characters", async () => {
    const policy = { ...DEFAULT_VALUE_POLICY, length: 300, excludeCharacters: "abcXYZ019" };
    const value = await generate({ keyPolicies: { password: policy } });
    expect(value.password).toMatch(/^[^abcXYZ019]+$/);
  });

  it("generates digits only locally", async () => {
    const policy = { ...DEFAULT_VALUE_POLICY, lowercase: false, uppercase: false, length: 12 };
    const value = await generate({ keyPolicies: { password: policy } });
    expect(value.password).toMatch(/^[0-9]{12}$/);
  });

  it("writes the basic-auth username", async () => {
    const value = await generate({ secretType: "kubernetes.io/basic-auth", keyNames: ["username", "password"], username: "app_user" });
    expect(value.username).toBe("app_user");
    expect(value.password).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("generates each key separately", async () => {
    const value = await generate({ keyNames: ["a", "b"] });
    expect(value.a).not.toBe(value.b);
  });

  it("rejects tls", async () => {
    await expect(generate({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] })).rejects.toThrow(
      /cannot be generated; a custodian has to supply the value/,
    );
  });
});

describe("generateWithCrypto", () => {
  it("includes every chosen class", () => {
    const policy = { ...DEFAULT_VALUE_POLICY, symbols: true, length: 4 };
    for (let run = 0; run < 50; run += 1) {
      const value = generateWithCrypto(policy);
      expect([...value].some((character) => LOWERCASE.includes(character))).toBe(true);
      expect([...value].some((character) => UPPERCASE.includes(character))).toBe(true);
      expect([...value].some((character) => DIGITS.includes(character))).toBe(true);
      expect([...value].some((character) => SYMBOLS.includes(character))).toBe(true);
    }
  });

  it("allows URL characters on request", () => {
    const policy = { ...DEFAULT_VALUE_POLICY, lowercase: false, uppercase: false, digits: false, symbols: true, allowUrlReserved: true, length: 400 };
    const value = generateWithCrypto(policy);
    expect([...URL_RESERVED].some((character) => value.includes(character))).toBe(true);
  });
});
