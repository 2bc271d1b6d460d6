import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { createSecretRequest } from "./create-request";

let sandbox: TestSandbox;
let developer: Actor;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const dana = await sandbox.services.db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });
  developer = resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, sandbox.services.config);
});

afterAll(async () => {
  await sandbox?.close();
});

const base = {
  environment: "dev",
  application: "payments-api",
  description: "Credentials for the payments reporting job",
  justification: "The reporting job starts next sprint",
  refreshInterval: "1h",
};

async function fieldError(input: Record<string, unknown>): Promise<Record<string, string[]> | undefined> {
  try {
    await createSecretRequest(sandbox.services, developer, input);
  } catch (error) {
    if (error instanceof PortalError) return error.fieldErrors;
    throw error;
  }
  return undefined;
}

// The first request compiles the ESO CRD schemas, which takes tens of seconds on a busy 2-core machine.
describe("createSecretRequest types", { timeout: 120_000 }, () => {
  it("stores basic-auth fields", async () => {
    const { id } = await createSecretRequest(sandbox.services, developer, {
      ...base,
      secretName: "reports-login",
      secretType: "kubernetes.io/basic-auth",
      keys: ["username", "password"],
      valueSource: "generated",
      username: "reports_user",
      useDataFrom: true,
      labels: { team: "payments" },
      annotations: { "example.com/note": "a: b" },
      keyPolicies: { password: { length: 24, symbols: true } },
    });
    const stored = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe("PR_OPEN");
    expect(stored.username).toBe("reports_user");
    expect(stored.useDataFrom).toBe(true);
    expect(stored.labels).toEqual({ team: "payments" });
    expect(stored.annotations).toEqual({ "example.com/note": "a: b" });
    expect(stored.keyPolicies).toEqual({
      password: { length: 24, lowercase: true, uppercase: true, digits: true, symbols: true, excludeCharacters: "", allowUrlReserved: false },
    });
  });

  it("gives generated keys the default policy", async () => {
    const { id } = await createSecretRequest(sandbox.services, developer, {
      ...base,
      secretName: "reports-token",
      secretType: "Opaque",
      keys: ["token"],
      valueSource: "generated",
    });
    const stored = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(stored.keyPolicies).toEqual({ token: sandbox.services.config.generatedValues.defaultPolicy });
  });

  it("stores tls as custodian", async () => {
    const { id } = await createSecretRequest(sandbox.services, developer, {
      ...base,
      secretName: "reports-tls",
      secretType: "kubernetes.io/tls",
      keys: ["tls.crt", "tls.key"],
      valueSource: "custodian",
    });
    const stored = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(stored.valueSource).toBe("CUSTODIAN");
    expect(stored.keyPolicies).toEqual({});
    expect(stored.secretType).toBe("kubernetes.io/tls");
  });

  it("rejects a value shorter than configured", async () => {
    const errors = await fieldError({
      ...base,
      secretName: "short-value",
      secretType: "Opaque",
      keys: ["token"],
      valueSource: "generated",
      keyPolicies: { token: { length: 10 } },
    });
    expect(errors?.keyPolicies).toEqual([expect.stringContaining("generated values need at least 16")]);
  });

  it("rejects an interval outside the choices", async () => {
    const errors = await fieldError({ ...base, secretName: "slow-refresh", secretType: "Opaque", keys: ["token"], valueSource: "generated", refreshInterval: "48h" });
    expect(errors?.refreshInterval).toEqual([expect.stringContaining("outside dev's bounds of 5m to 24h")]);
  });
});
