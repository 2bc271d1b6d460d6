import { execFileSync } from "node:child_process";

import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import { jobHandlers } from "@/lib/jobs/handlers";
import { startJobWorker } from "@/lib/jobs/worker";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { createSecretRequest } from "./create-request";
import { retryRequest } from "./retry-request";

let sandbox: TestSandbox;
let developer: Actor;
let platform: Actor;

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.githubUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path} returned ${response.status}`).toBe(true);
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function git(...args: string[]): string {
  return execFileSync("git", ["--git-dir", sandbox.repositoryPath, ...args], { encoding: "utf8" });
}

async function drainJobs(): Promise<void> {
  const worker = startJobWorker(sandbox.services, { handlers: jobHandlers, pollIntervalMs: 60_000 });
  await worker.drain();
  await worker.stop();
}

function requestInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    environment: "dev",
    application: "payments-api",
    secretName: "database-password",
    description: "Password for the payments database user",
    secretType: "Opaque",
    keys: ["username", "password"],
    valueSource: "generated",
    refreshInterval: "1h",
    ...overrides,
  };
}

async function expectPortalError(promise: Promise<unknown>, code: string, field?: string): Promise<PortalError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PortalError);
  const portalError = error as PortalError;
  expect(portalError.code).toBe(code);
  if (field) expect(portalError.fieldErrors[field]?.length ?? 0).toBeGreaterThan(0);
  return portalError;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;
  const dana = await db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });
  const pat = await db.user.create({ data: { login: "pat-platform", name: "Pat Platform" } });
  developer = resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, config);
  platform = resolveActor({ userId: pat.id, login: pat.login, name: pat.name, teams: ["platform"] }, config);
});

afterAll(async () => {
  await sandbox?.close();
});

describe("request flow", () => {
  it("provisions a merged request exactly once", async () => {
    const { db } = sandbox.services;
    const { id } = await createSecretRequest(sandbox.services, developer, requestInput(), { ipAddress: "127.0.0.1" });

    const opened = await db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(opened.status).toBe("PR_OPEN");
    expect(opened.pullRequestNumber).toBeGreaterThan(0);
    expect(opened.branchName).toMatch(/^secrets-portal\/dev\/payments-api\/database-password-/);

    const manifest = git("show", `refs/heads/${opened.branchName}:apps/payments-api/dev/external-secrets/database-password.yaml`);
    expect(manifest).toContain("kind: ExternalSecret");
    expect(manifest).toContain("/dev/payments-api/database-password");
    const store = git("show", `refs/heads/${opened.branchName}:apps/payments-api/dev/secret-store.yaml`);
    expect(store).toContain("kind: SecretStore");

    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/approve-as`, { login: "pat-platform" });
    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/merge-as`, { login: "pat-platform" });

    const merged = await waitFor(
      () => db.secretRequest.findUniqueOrThrow({ where: { id } }),
      (request) => request.status === "MERGED",
    );
    expect(merged.status).toBe("MERGED");
    expect(merged.reviewState).toBe("APPROVED");
    expect(merged.mergedBy).toBe("pat-platform");

    await drainJobs();

    const provisioned = await db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(provisioned.status).toBe("PROVISIONED");
    expect(provisioned.secretArn).toMatch(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:\/dev\/payments-api\/database-password-[A-Za-z0-9]{6}$/);
    expect(provisioned.secretVersionId).toBeTruthy();

    const client = new SecretsManagerClient({
      endpoint: sandbox.awsUrl,
      region: "eu-west-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const stored = await client.send(new GetSecretValueCommand({ SecretId: "/dev/payments-api/database-password" }));
    const value = JSON.parse(stored.SecretString ?? "{}") as Record<string, string>;
    expect(Object.keys(value).sort()).toEqual(["password", "username"]);
    expect(value.password?.length).toBe(40);

    // The value must appear in no database row.
    const tables = ["User", "SecretRequest", "AuditEvent", "WebhookDelivery", "Job"];
    for (const table of tables) {
      const rows = await db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
      for (const { row } of rows) {
        expect(row).not.toContain(value.password);
        expect(row).not.toContain(value.username);
      }
    }

    const comments = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/issues/${opened.pullRequestNumber}/comments`, {
      headers: { authorization: "token test-portal-token" },
    }).then((response) => response.json() as Promise<Array<{ body: string }>>);
    expect(comments.filter((comment) => comment.body.includes("secrets-portal:provisioned"))).toHaveLength(1);

    const actions = (await db.auditEvent.findMany({ where: { requestId: id }, orderBy: { createdAt: "asc" } })).map((event) => event.action);
    expect(actions).toEqual([
      "request.created",
      "pull_request.opened",
      "pull_request.reviewed",
      "pull_request.merged",
      "secret.provisioned",
    ]);
  });

  it("rejects a request whose pull request closes unmerged", async () => {
    const { db } = sandbox.services;
    const { id } = await createSecretRequest(sandbox.services, developer, requestInput({ secretName: "api-key" }));
    const opened = await db.secretRequest.findUniqueOrThrow({ where: { id } });

    const response = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/pulls/${opened.pullRequestNumber}`, {
      method: "PATCH",
      headers: { authorization: "token test-portal-token", "content-type": "application/json" },
      body: JSON.stringify({ state: "closed" }),
    });
    expect(response.status).toBe(200);

    const rejected = await waitFor(
      () => db.secretRequest.findUniqueOrThrow({ where: { id } }),
      (request) => request.status === "REJECTED",
    );
    expect(rejected.status).toBe("REJECTED");
    expect(rejected.activeProviderName).toBeNull();
  });
});

describe("request validation", () => {
  it("invalid secret name names the field", async () => {
    await expectPortalError(createSecretRequest(sandbox.services, developer, requestInput({ secretName: "Bad_Name" })), "VALIDATION", "secretName");
  });

  it("name ending in six characters is refused", async () => {
    await expectPortalError(createSecretRequest(sandbox.services, developer, requestInput({ secretName: "token-abc123" })), "VALIDATION", "secretName");
  });

  it("unknown application is refused", async () => {
    await expectPortalError(createSecretRequest(sandbox.services, developer, requestInput({ application: "nope" })), "VALIDATION", "application");
  });

  it("application of another team is refused", async () => {
    await expectPortalError(
      createSecretRequest(sandbox.services, developer, requestInput({ application: "checkout-web", secretName: "other-team" })),
      "FORBIDDEN",
      "application",
    );
  });

  it("refresh interval outside the choices is refused", async () => {
    await expectPortalError(
      createSecretRequest(sandbox.services, developer, requestInput({ secretName: "odd-interval", refreshInterval: "5m" })),
      "VALIDATION",
      "refreshInterval",
    );
  });

  it("duplicate pending name is refused", async () => {
    await createSecretRequest(sandbox.services, developer, requestInput({ secretName: "duplicate-me" }));
    const error = await expectPortalError(
      createSecretRequest(sandbox.services, developer, requestInput({ secretName: "duplicate-me" })),
      "VALIDATION",
      "secretName",
    );
    expect(error.message).toContain("/dev/payments-api/duplicate-me");
    expect(await sandbox.services.db.secretRequest.count({ where: { secretName: "duplicate-me" } })).toBe(1);
  });
});

describe("GitHub failures", () => {
  for (const status of [422, 500]) {
    it(`pull request creation ${status} leaves no branch and can be retried`, async () => {
      const { db } = sandbox.services;
      await control("/_sandbox/faults", { operation: "pulls/create", count: 5, status });

      const secretName = `flaky-${status}`;
      const { id } = await createSecretRequest(sandbox.services, developer, requestInput({ secretName }));
      const failed = await db.secretRequest.findUniqueOrThrow({ where: { id } });
      expect(failed.status).toBe("PR_FAILED");
      expect(failed.statusDetail).toContain(String(status));
      expect(git("for-each-ref", "--format=%(refname)", "refs/heads/").split("\n").filter((ref) => ref.includes(secretName))).toEqual([]);

      await fetch(`${sandbox.githubUrl}/_sandbox/faults`, { method: "DELETE" });
      await retryRequest(sandbox.services, developer, id);
      const retried = await db.secretRequest.findUniqueOrThrow({ where: { id } });
      expect(retried.status).toBe("PR_OPEN");

      const pulls = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/pulls?state=all&per_page=100`, {
        headers: { authorization: "token test-portal-token" },
      }).then((response) => response.json() as Promise<Array<{ head: { ref: string } }>>);
      expect(pulls.filter((pull) => pull.head.ref === retried.branchName)).toHaveLength(1);
    });
  }

  it("platform cannot be impersonated by a developer retry", async () => {
    await expectPortalError(retryRequest(sandbox.services, platform, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
  });
});
