import { execFileSync } from "node:child_process";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import { jobHandlers } from "@/lib/jobs/handlers";
import { startJobWorker } from "@/lib/jobs/worker";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { POLICY_STATUS_CONTEXT } from "./check-pull-request-policy";
import { createSecretRequest } from "./create-request";

let sandbox: TestSandbox;
let developer: Actor;

const AUTH = { authorization: "token test-portal-token", "content-type": "application/json" };

async function github<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.githubUrl}${path}`, { method, headers: AUTH, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.ok, `${method} ${path} returned ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.githubUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.ok, `${path} returned ${response.status}`).toBe(true);
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function drainJobs(): Promise<void> {
  const worker = startJobWorker(sandbox.services, { handlers: jobHandlers, pollIntervalMs: 60_000 });
  await worker.drain();
  await worker.stop();
}

interface CombinedStatus {
  state: string;
  statuses: Array<{ context: string; state: string; description: string; target_url: string | null }>;
}

async function policyStatus(sha: string): Promise<CombinedStatus["statuses"][number] | undefined> {
  const combined = await github<CombinedStatus>("GET", `/repos/acme/gitops/commits/${sha}/status`);
  return combined.statuses.find((status) => status.context === POLICY_STATUS_CONTEXT);
}

/** Commits `content` to `path` on the branch through the simulator's git data API, as a reviewer's push would. */
async function pushChange(branch: string, path: string, content: string): Promise<string> {
  const ref = await github<{ object: { sha: string } }>("GET", `/repos/acme/gitops/git/ref/heads/${branch}`);
  const head = await github<{ tree: { sha: string } }>("GET", `/repos/acme/gitops/git/commits/${ref.object.sha}`);
  const tree = await github<{ sha: string }>("POST", "/repos/acme/gitops/git/trees", {
    base_tree: head.tree.sha,
    tree: [{ path, mode: "100644", type: "blob", content }],
  });
  const commit = await github<{ sha: string }>("POST", "/repos/acme/gitops/git/commits", {
    message: "Read through the shared store",
    tree: tree.sha,
    parents: [ref.object.sha],
  });
  await github("PATCH", `/repos/acme/gitops/git/refs/heads/${branch}`, { sha: commit.sha });
  return commit.sha;
}

function requestInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    environment: "dev",
    application: "payments-api",
    secretName: "policy-checked",
    description: "Password for the payments database user",
    secretType: "Opaque",
    keys: ["password"],
    valueSource: "generated",
    refreshInterval: "1h",
    ...overrides,
  };
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;
  const dana = await db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });
  developer = resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, config);
});

afterAll(async () => {
  await sandbox?.close();
});

// One request goes through open, push, merge and provisioning over HTTP, which takes
// several seconds and far longer on a loaded machine.
describe("policy on pull requests", () => {
  it("status follows pushes and blocks the merge", async () => {
    const { db } = sandbox.services;
    const { id } = await createSecretRequest(sandbox.services, developer, requestInput());
    const opened = await db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(opened.status).toBe("PR_OPEN");
    const branch = opened.branchName ?? "";

    const openedStatus = await policyStatus(opened.headSha ?? "");
    expect(openedStatus?.state).toBe("success");
    expect(openedStatus?.description).toMatch(/^All \d+ policy checks passed/);
    expect(openedStatus?.target_url).toBe(`http://localhost:3000/requests/${id}`);

    const pull = await github<{ body: string }>("GET", `/repos/acme/gitops/pulls/${opened.pullRequestNumber}`);
    expect(pull.body).toContain("### Policy checks");
    expect(pull.body).toContain("| ClusterSecretStore only where the configuration allows it | `cluster-secret-store` | ✅ pass |");

    const path = "apps/payments-api/dev/external-secrets/policy-checked.yaml";
    const original = execFileSync("git", ["--git-dir", sandbox.repositoryPath, "show", `${opened.headSha}:${path}`], { encoding: "utf8" });
    const edited = original.replace("    name: secrets-portal\n    kind: SecretStore", "    name: shared\n    kind: ClusterSecretStore");
    expect(edited).not.toBe(original);
    const pushed = await pushChange(branch, path, edited);

    const synced = await waitFor(
      () => db.secretRequest.findUniqueOrThrow({ where: { id } }),
      (request) => request.headSha === pushed,
    );
    expect(synced.headSha).toBe(pushed);
    await drainJobs();

    // The worker's own poll may have claimed the job just before drain(), so wait for its result.
    const failed = await waitFor(
      () => policyStatus(pushed),
      (status) => status !== undefined,
    );
    expect(failed?.state).toBe("failure");
    expect(failed?.description).toBe("Policy failed: cluster-secret-store");

    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/approve-as`, { login: "pat-platform" });
    await control(`/_sandbox/pulls/acme/gitops/${opened.pullRequestNumber}/merge-as`, { login: "pat-platform" });
    await waitFor(
      () => db.secretRequest.findUniqueOrThrow({ where: { id } }),
      (request) => request.status === "MERGED",
    );
    await drainJobs();

    const refused = await waitFor(
      () => db.secretRequest.findUniqueOrThrow({ where: { id } }),
      (request) => request.status === "PROVISIONING_FAILED",
    );
    expect(refused.status).toBe("PROVISIONING_FAILED");
    expect(refused.statusDetail).toContain("policy rule cluster-secret-store failed in apps/payments-api/dev/external-secrets/policy-checked.yaml:");
    expect(refused.statusDetail).toContain("Fix: Use the application's namespaced SecretStore secrets-portal.");
    expect(refused.secretArn).toBeNull();
    expect(await sandbox.services.vault.describeSecret("eu-west-1", "/dev/payments-api/policy-checked")).toBeNull();

    const violation = await db.auditEvent.findFirst({ where: { requestId: id, action: "policy.violation" } });
    const detail = violation?.detail as { ruleIds?: string[]; locations?: string[] } | undefined;
    expect(detail?.ruleIds).toEqual(["cluster-secret-store"]);
    expect(detail?.locations).toEqual([
      expect.stringMatching(/^apps\/payments-api\/dev\/external-secrets\/policy-checked\.yaml:\d+ cluster-secret-store \(ExternalSecret payments-dev\/policy-checked\)$/),
    ]);
   }, 120_000);
});

describe("policy on new requests", () => {
  it("production needs a justification", async () => {
    const error = await createSecretRequest(sandbox.services, developer, requestInput({ environment: "prod", secretName: "prod-key" })).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PortalError);
    expect((error as PortalError).code).toBe("VALIDATION");
    expect((error as PortalError).fieldErrors.justification).toEqual([
      "A justification is required in production environment prod. Say why the application needs this secret, in at least 20 characters. (policy rule production-justification)",
    ]);
    expect(await sandbox.services.db.secretRequest.count({ where: { secretName: "prod-key" } })).toBe(0);
  });
});
