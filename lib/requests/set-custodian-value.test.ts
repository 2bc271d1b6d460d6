import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";

import { DescribeSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { PortalError } from "@/lib/errors";

// Every log line of this file goes to `captured.lines` at trace level and without the
// logger's redaction, so the canary checks see exactly what the code passes to the logger.
const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("@/lib/log", async (importOriginal) => {
  const { default: pino } = await import("pino");
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      captured.lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  (globalThis as { __portalLogger?: unknown }).__portalLogger = pino({ level: "trace" }, sink);
  return importOriginal();
});

const { resolveActor } = await import("@/lib/auth/roles");
const { startTestSandbox } = await import("@/test-support/services");
const { setCustodianValue, buildCustodianValue, custodianFields } = await import("./set-custodian-value");
const { issueTestCertificate } = await import("./tls-test-certificates");
const { createSecretRequest } = await import("./create-request");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { startJobWorker } = await import("@/lib/jobs/worker");

type Actor = import("@/lib/auth/roles").Actor;
type TestSandbox = import("@/test-support/services").TestSandbox;

let sandbox: TestSandbox;
let aws: SecretsManagerClient;
let custodian: Actor;
let platform: Actor;
let ledgerDeveloper: Actor;
let otherDeveloper: Actor;
let security: Actor;
let requesterId: string;

async function custodianRequest(overrides: { secretType?: string; keyNames?: string[]; secretName?: string; status?: "AWAITING_VALUE" | "PR_OPEN" } = {}): Promise<string> {
  const secretName = overrides.secretName ?? `value-${randomUUID().slice(0, 8)}`;
  const providerName = `/dev/ledger-worker/${secretName}`;
  const request = await sandbox.services.db.secretRequest.create({
    data: {
      environment: "dev",
      application: "ledger-worker",
      secretName,
      providerName,
      activeProviderName: providerName,
      namespace: "ledger-dev",
      kubernetesName: secretName,
      secretType: overrides.secretType ?? "Opaque",
      keyNames: overrides.keyNames ?? ["api-key"],
      valueSource: "CUSTODIAN",
      refreshInterval: "1h",
      description: "Vendor credentials for the ledger worker",
      status: overrides.status ?? "AWAITING_VALUE",
      requesterId,
      pullRequestNumber: 1,
      pullRequestUrl: "http://127.0.0.1/acme/gitops/pull/1",
      branchName: `secrets-portal/dev/ledger-worker/${secretName}`,
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

async function databaseText(): Promise<string> {
  const { db } = sandbox.services;
  const tables = await db.$queryRawUnsafe<Array<{ table_name: string }>>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const rows: string[] = [];
  for (const { table_name: table } of tables) {
    const result = await db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
    rows.push(...result.map((entry) => entry.row));
  }
  return rows.join("\n");
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;
  const users = await Promise.all(
    ["lee-ledger", "cleo-custodian", "pat-platform", "dana-dev", "sam-security"].map((login) => db.user.create({ data: { login, name: login } })),
  );
  const [lee, cleo, pat, dana, sam] = users.map((user) => user);
  requesterId = lee!.id;
  ledgerDeveloper = resolveActor({ userId: lee!.id, login: lee!.login, name: lee!.name, teams: ["ledger"] }, config);
  custodian = resolveActor({ userId: cleo!.id, login: cleo!.login, name: cleo!.name, teams: ["finance-custodians"] }, config);
  platform = resolveActor({ userId: pat!.id, login: pat!.login, name: pat!.name, teams: ["platform"] }, config);
  otherDeveloper = resolveActor({ userId: dana!.id, login: dana!.login, name: dana!.name, teams: ["payments"] }, config);
  security = resolveActor({ userId: sam!.id, login: sam!.login, name: sam!.name, teams: ["security"] }, config);
  aws = new SecretsManagerClient({ endpoint: sandbox.awsUrl, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});

afterAll(async () => {
  aws?.destroy();
  await sandbox?.close();
});

describe("custodianFields", () => {
  it("TLS asks for certificate and key", () => {
    expect(custodianFields({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] }).map((field) => field.kind)).toEqual(["certificate", "private-key"]);
  });

  it("registry asks for the template's properties", () => {
    const fields = custodianFields({ secretType: "kubernetes.io/dockerconfigjson", keyNames: [".dockerconfigjson"] });
    expect(fields.map((field) => field.key)).toEqual(["registry", "username", "password"]);
  });

  it("Opaque asks for one masked value per key", () => {
    const fields = custodianFields({ secretType: "Opaque", keyNames: ["api-key", "api-secret"] });
    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ["value:api-key", "secret"],
      ["value:api-secret", "secret"],
    ]);
  });
});

describe("buildCustodianValue", () => {
  it("registry credentials become one JSON document", () => {
    const value = buildCustodianValue(
      { secretType: "kubernetes.io/dockerconfigjson", keyNames: [] },
      { "value:registry": "ghcr.io", "value:username": "bot", "value:password": "p4ss\"word" },
    );
    expect(JSON.parse(value.secretString)).toEqual({ registry: "ghcr.io", username: "bot", password: "p4ss\"word" });
  });

  it("missing value names its field", () => {
    const error = (() => {
      try {
        buildCustodianValue({ secretType: "Opaque", keyNames: ["a", "b"] }, { "value:a": "x" });
      } catch (caught) {
        return caught as PortalError;
      }
      return null;
    })();
    expect(error?.fieldErrors["value:b"]?.[0]).toMatch(/is required/);
  });

  it("registry with a space is refused", () => {
    expect(() =>
      buildCustodianValue({ secretType: "kubernetes.io/dockerconfigjson", keyNames: [] }, { "value:registry": "ghcr .io", "value:username": "u", "value:password": "p" }),
    ).toThrow(/Registry must be a host name/);
  });
});

async function waitForStatus(id: string, status: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    if (request.status === status || Date.now() > deadline) return request.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function control(path: string, login: string): Promise<void> {
  const response = await fetch(`${sandbox.githubUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login }),
  });
  expect(response.ok, `${path} returned ${response.status}`).toBe(true);
}

describe("custodian flow", { timeout: 120_000 }, () => {
  it("merged request waits for its value", async () => {
    const { id } = await createSecretRequest(sandbox.services, ledgerDeveloper, {
      environment: "dev",
      application: "ledger-worker",
      secretName: "ledger-tls",
      description: "TLS certificate of the ledger worker",
      secretType: "kubernetes.io/tls",
      keys: ["tls.crt", "tls.key"],
      valueSource: "custodian",
      refreshInterval: "1h",
    });
    const opened = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(opened.status).toBe("PR_OPEN");

    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/approve-as`, "pat-platform");
    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/merge-as`, "pat-platform");
    expect(await waitForStatus(id, "MERGED")).toBe("MERGED");
    const worker = startJobWorker(sandbox.services, { handlers: jobHandlers, pollIntervalMs: 60_000 });
    await worker.drain();
    await worker.stop();

    const waiting = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(waiting.status).toBe("AWAITING_VALUE");
    expect(waiting.secretArn).toBeNull();
    expect(waiting.events.map((event) => event.action)).toContain("secret.awaiting_value");
    const secrets = await fetch(`${sandbox.awsUrl}/_sandbox/secrets`).then((response) => response.json() as Promise<{ secrets: Array<{ name: string }> }>);
    expect(secrets.secrets.map((secret) => secret.name)).not.toContain(waiting.providerName);

    const pair = issueTestCertificate("ledger-flow.example.com");
    await setCustodianValue(sandbox.services, custodian, id, { "value:tls.crt": pair.certificate, "value:tls.key": pair.privateKey });
    expect(await waitForStatus(id, "PROVISIONED")).toBe("PROVISIONED");
  });
});

describe("setCustodianValue", () => {
  it("first TLS value creates the secret", async () => {
    const id = await custodianRequest({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] });
    const pair = issueTestCertificate("ledger.example.com");

    const result = await setCustodianValue(sandbox.services, custodian, id, { "value:tls.crt": pair.certificate, "value:tls.key": pair.privateKey });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(result.created).toBe(true);
    expect(request.status).toBe("PROVISIONED");
    expect(request.secretVersionId).toBe(result.versionId);
    expect(request.certificateSubject).toContain("CN=ledger.example.com");
    expect(request.certificateNotAfter?.getTime()).toBeGreaterThan(Date.now());

    const stored = await aws.send(new GetSecretValueCommand({ SecretId: request.providerName }));
    expect(JSON.parse(stored.SecretString ?? "{}")).toEqual({ "tls.crt": pair.certificate, "tls.key": pair.privateKey });
    const described = await aws.send(new DescribeSecretCommand({ SecretId: request.providerName }));
    expect(described.KmsKeyId).toBe("alias/secrets-portal-dev");
    expect(described.Tags).toContainEqual({ Key: "secrets-portal:request-id", Value: id });
  });

  it("mismatched TLS key is refused", async () => {
    const id = await custodianRequest({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] });
    const pair = issueTestCertificate("ledger.example.com");
    const other = issueTestCertificate("other.example.com");

    const error = await failure(setCustodianValue(sandbox.services, custodian, id, { "value:tls.crt": pair.certificate, "value:tls.key": other.privateKey }));

    expect(error.code).toBe("VALIDATION");
    expect(error.fieldErrors["value:tls.key"]?.[0]).toMatch(/private key does not match the certificate/);
    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe("AWAITING_VALUE");
    const secrets = await fetch(`${sandbox.awsUrl}/_sandbox/secrets`).then((response) => response.json() as Promise<{ secrets: Array<{ name: string }> }>);
    expect(secrets.secrets.map((secret) => secret.name)).not.toContain(request.providerName);

    const rejected = await sandbox.services.db.auditEvent.findFirst({ where: { requestId: id, action: "secret.value_rejected" } });
    expect(rejected?.actor).toBe(custodian.login);
    expect(JSON.stringify(rejected?.detail)).toMatch(/private key does not match the certificate/);
    expect(JSON.stringify(rejected?.detail)).not.toContain(other.privateKey.split("\n")[1]);
  });

  it("later value adds a version", async () => {
    const id = await custodianRequest();
    await setCustodianValue(sandbox.services, custodian, id, { "value:api-key": "first-value" });

    const second = await setCustodianValue(sandbox.services, platform, id, { "value:api-key": "second-value" });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(second.created).toBe(false);
    expect(request.secretVersionId).toBe(second.versionId);
    expect(request.rotatedAt).not.toBeNull();
    const versions = await aws.send(new ListSecretVersionIdsCommand({ SecretId: request.providerName }));
    expect(versions.Versions).toHaveLength(2);
    const stored = await aws.send(new GetSecretValueCommand({ SecretId: request.providerName }));
    expect(JSON.parse(stored.SecretString ?? "{}")).toEqual({ "api-key": "second-value" });
  });

  it("request still in review is refused", async () => {
    const id = await custodianRequest({ status: "PR_OPEN" });
    const error = await failure(setCustodianValue(sandbox.services, custodian, id, { "value:api-key": "x" }));
    expect(error.code).toBe("CONFLICT");
  });

  it("developer of another application cannot set values", async () => {
    const id = await custodianRequest();
    const error = await failure(setCustodianValue(sandbox.services, otherDeveloper, id, { "value:api-key": "x" }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("owning developer who is no custodian cannot set values", async () => {
    const id = await custodianRequest();
    const error = await failure(setCustodianValue(sandbox.services, ledgerDeveloper, id, { "value:api-key": "x" }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("security cannot set values", async () => {
    const id = await custodianRequest();
    const error = await failure(setCustodianValue(sandbox.services, security, id, { "value:api-key": "x" }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("canary value is stored nowhere but Secrets Manager", async () => {
    const canary = `canary-${randomUUID()}`;
    const tlsCanaryPair = issueTestCertificate("canary.example.com");
    const opaqueId = await custodianRequest({ keyNames: ["api-key", "api-secret"] });
    const registryId = await custodianRequest({ secretType: "kubernetes.io/dockerconfigjson", keyNames: [".dockerconfigjson"] });
    const tlsId = await custodianRequest({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] });
    const results: unknown[] = [];
    const messages: string[] = [];

    results.push(await setCustodianValue(sandbox.services, custodian, opaqueId, { "value:api-key": canary, "value:api-secret": `${canary}-2` }));
    results.push(await setCustodianValue(sandbox.services, custodian, registryId, { "value:registry": "ghcr.io", "value:username": "bot", "value:password": canary }));
    results.push(await setCustodianValue(sandbox.services, custodian, tlsId, { "value:tls.crt": tlsCanaryPair.certificate, "value:tls.key": tlsCanaryPair.privateKey }));
    // Failed calls: a refused key pair, and Secrets Manager refusing the write.
    const wrongKeyId = await custodianRequest({ secretType: "kubernetes.io/tls", keyNames: ["tls.crt", "tls.key"] });
    messages.push((await failure(setCustodianValue(sandbox.services, custodian, wrongKeyId, { "value:tls.crt": tlsCanaryPair.certificate, "value:tls.key": `${canary}\n` }))).message);
    await fetch(`${sandbox.awsUrl}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "PutSecretValue", count: 1, error: "AccessDeniedException" }),
    });
    messages.push((await failure(setCustodianValue(sandbox.services, custodian, opaqueId, { "value:api-key": canary, "value:api-secret": canary }))).message);

    const stored = await aws.send(new GetSecretValueCommand({ SecretId: `/dev/ledger-worker/${(await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id: opaqueId } })).secretName}` }));
    expect(stored.SecretString).toContain(canary);

    const keyBody = tlsCanaryPair.privateKey.split("\n")[1] ?? "";
    const haystacks = { database: await databaseText(), logs: captured.lines.join(""), results: JSON.stringify(results), messages: messages.join("\n") };
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text.includes(canary), `canary found in ${where}`).toBe(false);
      expect(text.includes(keyBody), `private key found in ${where}`).toBe(false);
    }
    expect(captured.lines.length).toBeGreaterThan(0);
  });
});
