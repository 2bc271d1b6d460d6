import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startChildWorkerSandbox, startWorkerProcess, type ChildWorkerSandbox, type WorkerProcess } from "@/test-support/child-worker-sandbox";
import { control, listSimulatedSecrets, waitFor } from "@/test-support/provisioning-sandbox";

import { createSecretRequest } from "./create-request";
import { reconcileRequests } from "./reconcile-requests";

// Two worker processes share one PostgreSQL database and a burst of 200 merges. PGlite
// serves one process only, so the case is skipped there.

// PROVISION_BURST_SIZE changes the size of the burst, for example to try a larger one.
const BURST = Number(process.env.PROVISION_BURST_SIZE ?? "200");
const onPostgres = Boolean(process.env.DATABASE_URL);

// The burst makes more GitHub calls than the 5,000 an hour GitHub allows by default: opening
// 200 pull requests alone used about 4,650 in one run.
const GITHUB_RATE_LIMIT = 100 * BURST;

if (!onPostgres) {
  console.info("provision-burst.test.ts: skipped; set DATABASE_URL to a local PostgreSQL to run it.");
}

let sandbox: ChildWorkerSandbox;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  if (onPostgres) sandbox = await startChildWorkerSandbox({ githubRateLimit: GITHUB_RATE_LIMIT });
});

afterAll(async () => {
  for (const worker of workers) {
    worker.child.kill("SIGTERM");
    await worker.exited;
  }
  await sandbox?.close();
});

describe.skipIf(!onPostgres)("two workers", () => {
  it("burst of merges provisions each once", async () => {
    const { db } = sandbox.services;
    const started = performance.now();
    const names = Array.from({ length: BURST }, (_, index) => `burst-${String(index).padStart(3, "0")}`);
    // Every pull request edits the namespace's kustomization.yaml, so each one is opened
    // after the previous merge. Without webhooks the merges stay unseen until the reconciler
    // applies them all at once, which is the burst the two workers get.
    for (const secretName of names) {
      const { id } = await createSecretRequest(sandbox.services, sandbox.developer, {
        environment: "dev",
        application: "payments-api",
        secretName,
        description: "Secret for the burst test",
        secretType: "Opaque",
        keys: ["password"],
        valueSource: "generated",
        refreshInterval: "1h",
      });
      const { pullRequestNumber } = await db.secretRequest.findUniqueOrThrow({ where: { id } });
      await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${pullRequestNumber}/approve-as`, { login: "pat-platform" });
      await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${pullRequestNumber}/merge-as`, { login: "pat-platform" });
    }
    console.info(`provision-burst: merged after ${Math.round(performance.now() - started)} ms`);
    for (let index = 0; index < 2; index += 1) {
      workers.push(startWorkerProcess({ ...sandbox.workerEnv, WORKER_MODE: "serve", CONCURRENCY: "4", GITHUB_THROTTLING: "off", LOG_LEVEL: "info" }));
    }
    await Promise.all(workers.map((worker) => worker.waitForLog("provision worker ready")));

    const result = await reconcileRequests(sandbox.services, { limit: BURST });
    expect(result.errors).toBe(0);
    expect(result.merged).toBe(BURST);

    const provisioned = await waitFor(
      () => db.secretRequest.count({ where: { status: "PROVISIONED" } }),
      (count) => count === BURST,
      600_000,
    );
    expect(provisioned).toBe(BURST);
    console.info(`provision-burst: provisioned after ${Math.round(performance.now() - started)} ms`);

    const secrets = await listSimulatedSecrets(sandbox.awsUrl);
    expect(secrets).toHaveLength(BURST);
    expect(secrets.every((secret) => secret.versions?.length === 1)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "secret.provisioned" } })).toBe(BURST);

    const attempts = await db.job.findMany({ where: { kind: "provision-secret" }, select: { attempts: true, lockedBy: true } });
    expect(attempts.every((job) => job.attempts === 1)).toBe(true);
    // Both processes took part.
    for (const worker of workers) expect(worker.countLogs('"kind":"provision-secret"', "job succeeded")).toBeGreaterThan(0);
    const events = await db.auditEvent.findMany({ where: { action: { in: ["secret.provisioning_attempt_failed", "secret.provisioning_failed"] } } });
    expect(events).toHaveLength(0);
  }, 1_800_000);
});
