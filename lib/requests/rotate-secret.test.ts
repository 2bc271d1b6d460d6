import { randomUUID } from "node:crypto";

import { GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { durationMs, listStaleSecrets, nextRefreshBy, rotateSecret } from "./rotate-secret";

const DAY_MS = 24 * 60 * 60 * 1000;

let sandbox: TestSandbox;
let aws: SecretsManagerClient;
let owner: Actor;
let platform: Actor;
let otherDeveloper: Actor;
let security: Actor;
let requesterId: string;

/** Creates a provisioned, generated payments-api request and its secret in the simulator. */
async function provisionedRequest(options: { provisionedDaysAgo?: number; rotatedDaysAgo?: number; valueSource?: "GENERATED" | "CUSTODIAN" } = {}): Promise<string> {
  const { db } = sandbox.services;
  const secretName = `rotated-${randomUUID().slice(0, 8)}`;
  const providerName = `/dev/payments-api/${secretName}`;
  const request = await db.secretRequest.create({
    data: {
      environment: "dev",
      application: "payments-api",
      secretName,
      providerName,
      activeProviderName: providerName,
      namespace: "payments-dev",
      kubernetesName: secretName,
      secretType: "Opaque",
      keyNames: ["password"],
      valueSource: options.valueSource ?? "GENERATED",
      refreshInterval: "1h",
      description: "Password for the payments database user",
      status: "PROVISIONED",
      requesterId,
    },
  });
  const created = await sandbox.services.vault.createSecret({
    region: "eu-west-1",
    name: providerName,
    value: JSON.stringify({ password: "initial" }),
    kmsKeyId: "alias/secrets-portal-dev",
    description: "test",
    tags: [],
    clientRequestToken: request.id,
  });
  if (created.outcome !== "created") throw new Error("test secret already existed");

  const now = Date.now();
  await db.secretRequest.update({
    where: { id: request.id },
    data: {
      secretArn: created.arn,
      secretVersionId: created.versionId,
      provisionedAt: new Date(now - (options.provisionedDaysAgo ?? 1) * DAY_MS),
      rotatedAt: options.rotatedDaysAgo === undefined ? null : new Date(now - options.rotatedDaysAgo * DAY_MS),
    },
  });
  return request.id;
}

async function failure(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;
  const [dana, pat, olga, sam] = await Promise.all(
    ["dana-dev", "pat-platform", "olga-ledger", "sam-security"].map((login) => db.user.create({ data: { login, name: login } })),
  );
  requesterId = dana!.id;
  owner = resolveActor({ userId: dana!.id, login: dana!.login, name: dana!.name, teams: ["payments"] }, config);
  platform = resolveActor({ userId: pat!.id, login: pat!.login, name: pat!.name, teams: ["platform"] }, config);
  otherDeveloper = resolveActor({ userId: olga!.id, login: olga!.login, name: olga!.name, teams: ["ledger"] }, config);
  security = resolveActor({ userId: sam!.id, login: sam!.login, name: sam!.name, teams: ["security"] }, config);
  aws = new SecretsManagerClient({ endpoint: sandbox.awsUrl, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});

afterAll(async () => {
  aws?.destroy();
  await sandbox?.close();
});

describe("durationMs", () => {
  it.each([
    ["1h", 3_600_000],
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["500ms", 500],
  ])("%s", (duration, expected) => {
    expect(durationMs(duration)).toBe(expected);
  });

  it.each(["", "1d", "h", "1h ", "-1h"])("rejects %j", (duration) => {
    expect(durationMs(duration)).toBeNull();
  });
});

describe("nextRefreshBy", () => {
  it("adds one refresh interval", () => {
    expect(nextRefreshBy(new Date("2026-12-04T10:00:00Z"), "6h")?.toISOString()).toBe("2026-12-04T16:00:00.000Z");
  });
});

describe("rotateSecret", () => {
  it("adds exactly one version and moves AWSCURRENT", async () => {
    const id = await provisionedRequest();
    const before = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });

    const result = await rotateSecret(sandbox.services, owner, id);

    const versions = await aws.send(new ListSecretVersionIdsCommand({ SecretId: before.providerName }));
    expect(versions.Versions).toHaveLength(2);
    const stagesById = Object.fromEntries((versions.Versions ?? []).map((version) => [version.VersionId, version.VersionStages]));
    expect(stagesById[result.versionId]).toEqual(["AWSCURRENT"]);
    expect(stagesById[before.secretVersionId ?? ""]).toEqual(["AWSPREVIOUS"]);
  });

  it("stores a new generated value", async () => {
    const id = await provisionedRequest();
    const { providerName } = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });

    await rotateSecret(sandbox.services, platform, id);

    const stored = await aws.send(new GetSecretValueCommand({ SecretId: providerName }));
    const value = JSON.parse(stored.SecretString ?? "{}") as Record<string, string>;
    expect(Object.keys(value)).toEqual(["password"]);
    expect(value.password).not.toBe("initial");
  });

  it("records the version, time and audit event", async () => {
    const id = await provisionedRequest();

    const result = await rotateSecret(sandbox.services, owner, id, { ipAddress: "127.0.0.1" });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(request.secretVersionId).toBe(result.versionId);
    expect(request.rotatedAt?.getTime()).toBe(result.rotatedAt.getTime());
    expect(request.events.filter((event) => event.action === "secret.rotated")).toHaveLength(1);
    expect(result.nextRefreshBy?.getTime()).toBe(result.rotatedAt.getTime() + 3_600_000);
  });

  it("custodian secret is refused", async () => {
    const id = await provisionedRequest({ valueSource: "CUSTODIAN" });
    expect((await failure(rotateSecret(sandbox.services, platform, id))).code).toBe("CONFLICT");
  });

  it("developer of another application cannot rotate", async () => {
    const id = await provisionedRequest();
    expect((await failure(rotateSecret(sandbox.services, otherDeveloper, id))).code).toBe("NOT_FOUND");
  });

  it("security cannot rotate", async () => {
    const id = await provisionedRequest();
    expect((await failure(rotateSecret(sandbox.services, security, id))).code).toBe("FORBIDDEN");
  });

  it("refused rotation adds no version", async () => {
    const id = await provisionedRequest();
    const { providerName } = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });

    await failure(rotateSecret(sandbox.services, security, id));

    const versions = await aws.send(new ListSecretVersionIdsCommand({ SecretId: providerName }));
    expect(versions.Versions).toHaveLength(1);
  });
});

describe("listStaleSecrets", () => {
  it("lists only values older than the maximum age", async () => {
    const old = await provisionedRequest({ provisionedDaysAgo: 120 });
    const fresh = await provisionedRequest({ provisionedDaysAgo: 10 });
    const rotated = await provisionedRequest({ provisionedDaysAgo: 200, rotatedDaysAgo: 5 });
    const rotatedLongAgo = await provisionedRequest({ provisionedDaysAgo: 300, rotatedDaysAgo: 100 });

    const ids = (await listStaleSecrets(sandbox.services, security)).map((request) => request.id);

    expect(ids).toContain(old);
    expect(ids).toContain(rotatedLongAgo);
    expect(ids).not.toContain(fresh);
    expect(ids).not.toContain(rotated);
  });

  it("sorts the oldest change first", async () => {
    const list = await listStaleSecrets(sandbox.services, platform);
    const times = list.map((request) => request.lastChangedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("developers cannot list", async () => {
    expect((await failure(listStaleSecrets(sandbox.services, owner))).code).toBe("FORBIDDEN");
  });
});
