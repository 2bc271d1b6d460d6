import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { PortalError } from "@/lib/errors";
import { claimProvisioning } from "@/lib/requests/provisioning-claim";
import { enqueueSiblingRefreshes } from "@/lib/requests/refresh-pull-request";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

import { claimNextJob, completeJob, enqueueJob, ensureJobQueued, failJob, listRequestJobs, requeueStaleJobs, retryDelayMs, touchJob } from "./queue";

let database: TestDatabase;

async function mergedRequestId(): Promise<string> {
  return requestId({ secretName: "db-password", status: "MERGED" });
}

async function requestId(fields: { secretName: string; status: "MERGED" | "PR_OPEN"; application?: string }): Promise<string> {
  const { db } = database;
  const application = fields.application ?? "payments-api";
  const user = await db.user.upsert({ where: { login: "dana-dev" }, create: { login: "dana-dev", name: "Dana" }, update: {} });
  const request = await db.secretRequest.create({
    data: {
      environment: "dev",
      application,
      secretName: fields.secretName,
      providerName: `/dev/${application}/${fields.secretName}`,
      namespace: "payments-dev",
      kubernetesName: "db-password",
      secretType: "Opaque",
      keyNames: ["password"],
      valueSource: "GENERATED",
      refreshInterval: "1h",
      description: "Database password",
      status: fields.status,
      requesterId: user.id,
    },
  });
  return request.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await database.db.job.deleteMany();
  await database.db.auditEvent.deleteMany();
  await database.db.secretRequest.deleteMany();
});

describe("retryDelayMs", () => {
  it("doubles up to five minutes", () => {
    expect(retryDelayMs(1, () => 1)).toBe(2_000);
    expect(retryDelayMs(3, () => 1)).toBe(8_000);
    expect(retryDelayMs(30, () => 1)).toBe(300_000);
  });

  it("jitter stays within half to full", () => {
    expect(retryDelayMs(4, () => 0)).toBe(8_000);
    expect(retryDelayMs(4, () => 0.999)).toBeLessThanOrEqual(16_000);
  });
});

describe("job queue", () => {
  it("provisioning is claimed before older jobs", async () => {
    const { db } = database;
    await enqueueJob(db, "comment-pull-request", { requestId: "a" }, { dedupeKey: "comment-a", runAt: new Date(Date.now() - 60_000) });
    await enqueueJob(db, "check-pull-request-policy", { requestId: "b" }, { dedupeKey: "policy-b", runAt: new Date(Date.now() - 30_000) });
    await enqueueJob(db, "provision-secret", { requestId: "c" }, { dedupeKey: "provision-c" });

    const first = await claimNextJob(db, "w1");
    const second = await claimNextJob(db, "w1");

    expect(first?.kind).toBe("provision-secret");
    expect(second?.kind).toBe("comment-pull-request");
  });

  it("concurrent claims take different jobs", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "a" });
    await enqueueJob(db, "provision-secret", { requestId: "b" }, { dedupeKey: "b" });

    const claims = await Promise.all(["w1", "w2", "w3"].map((worker) => claimNextJob(db, worker)));
    const ids = claims.filter((job) => job !== null).map((job) => job?.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("heartbeat keeps a job from requeue", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "a" });
    const job = await claimNextJob(db, "w1");
    await db.job.update({ where: { id: job?.id ?? "" }, data: { lockedAt: new Date(Date.now() - 120_000) } });
    await touchJob(db, job?.id ?? "", "w1");

    expect(await requeueStaleJobs(db, 60_000)).toBe(0);
  });

  it("stale job is requeued", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "a" });
    const job = await claimNextJob(db, "w1");
    await db.job.update({ where: { id: job?.id ?? "" }, data: { lockedAt: new Date(Date.now() - 120_000) } });

    expect(await requeueStaleJobs(db, 60_000)).toBe(1);
    expect((await db.job.findUniqueOrThrow({ where: { dedupeKey: "a" } })).status).toBe("QUEUED");
  });

  it("replaced attempt cannot complete", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "a" });
    const first = await claimNextJob(db, "w1");
    await requeueStaleJobs(db, -1);
    const second = await claimNextJob(db, "w2");
    if (!first || !second) throw new Error("expected two claims");

    await completeJob(db, first);
    expect((await db.job.findUniqueOrThrow({ where: { dedupeKey: "a" } })).status).toBe("RUNNING");
    await failJob(db, second, "boom", { permanent: true });
    const failed = await db.job.findUniqueOrThrow({ where: { dedupeKey: "a" } });
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toBe("boom");
  });

  it("ensureJobQueued revives a failed job", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "a" });
    await db.job.update({ where: { dedupeKey: "a" }, data: { status: "FAILED", attempts: 8 } });

    expect(await ensureJobQueued(db, "provision-secret", { requestId: "a" }, "a")).toBe(true);
    const job = await db.job.findUniqueOrThrow({ where: { dedupeKey: "a" } });
    expect(job.status).toBe("QUEUED");
    expect(job.attempts).toBe(0);
    expect(await ensureJobQueued(db, "provision-secret", { requestId: "a" }, "a")).toBe(false);
  });
});

describe("listRequestJobs", () => {
  it("lists only the request's jobs", async () => {
    const { db } = database;
    await enqueueJob(db, "provision-secret", { requestId: "a" }, { dedupeKey: "provision:a" });
    await enqueueJob(db, "comment-pull-request", { requestId: "a", template: "provisioned" }, { dedupeKey: "comment:a" });
    await enqueueJob(db, "provision-secret", { requestId: "b" }, { dedupeKey: "provision:b" });

    const jobs = await listRequestJobs(db, "a");
    expect(jobs.map((job) => job.kind).sort()).toEqual(["comment-pull-request", "provision-secret"]);
  });
});

describe("provisioning claim", () => {
  it("second attempt waits while the first runs", async () => {
    const { db } = database;
    const requestId = await mergedRequestId();
    await enqueueJob(db, "provision-secret", { requestId }, { dedupeKey: "p" });
    const job = await claimNextJob(db, "w1");
    if (!job) throw new Error("expected a claim");

    await claimProvisioning(db, requestId, job);
    const rival = { ...job, lockedBy: "w2", attempts: job.attempts + 1 };
    await expect(claimProvisioning(db, requestId, rival)).rejects.toBeInstanceOf(PortalError);
  });

  it("concurrent claims admit one", async () => {
    const { db } = database;
    const requestId = await mergedRequestId();
    await enqueueJob(db, "provision-secret", { requestId }, { dedupeKey: "p" });
    const job = await claimNextJob(db, "w1");
    if (!job) throw new Error("expected a claim");

    // The same attempt twice: a takeover is only possible from an attempt that is no longer running.
    const results = await Promise.allSettled([claimProvisioning(db, requestId, job), claimProvisioning(db, requestId, job)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("next attempt takes over a dead claim", async () => {
    const { db } = database;
    const requestId = await mergedRequestId();
    await enqueueJob(db, "provision-secret", { requestId }, { dedupeKey: "p" });
    const first = await claimNextJob(db, "w1");
    if (!first) throw new Error("expected a claim");
    await claimProvisioning(db, requestId, first);

    await requeueStaleJobs(db, -1);
    const second = await claimNextJob(db, "w2");
    if (!second) throw new Error("expected a second claim");
    const claim = await claimProvisioning(db, requestId, second);
    expect(claim.token).toContain("w2");
  });
});

describe("enqueueSiblingRefreshes", () => {
  it("queues each open sibling once", async () => {
    const { db } = database;
    const merged = await requestId({ secretName: "merged", status: "MERGED" });
    const siblings = [await requestId({ secretName: "open-a", status: "PR_OPEN" }), await requestId({ secretName: "open-b", status: "PR_OPEN" })];
    await requestId({ secretName: "other-app", status: "PR_OPEN", application: "checkout-web" });
    const target = { id: merged, environment: "dev", application: "payments-api" };

    expect(await enqueueSiblingRefreshes(db, target)).toBe(2);
    expect(await enqueueSiblingRefreshes(db, target)).toBe(0);

    const jobs = await db.job.findMany({ where: { kind: "refresh-pull-request" } });
    expect(jobs.map((job) => (job.payload as { requestId: string }).requestId).sort()).toEqual([...siblings].sort());
    expect(jobs.every((job) => job.status === "QUEUED" && job.priority === 0)).toBe(true);
    // Merges within the delay share these checks.
    expect(jobs.every((job) => job.runAt.getTime() > Date.now() + 10_000)).toBe(true);
  });

  it("queues a finished check again", async () => {
    const { db } = database;
    const merged = await requestId({ secretName: "merged", status: "MERGED" });
    await requestId({ secretName: "open-a", status: "PR_OPEN" });
    const target = { id: merged, environment: "dev", application: "payments-api" };
    await enqueueSiblingRefreshes(db, target);
    await db.job.updateMany({ data: { status: "SUCCEEDED", attempts: 1 } });

    expect(await enqueueSiblingRefreshes(db, target)).toBe(1);

    const [job] = await db.job.findMany({ where: { kind: "refresh-pull-request" } });
    expect(job?.status).toBe("QUEUED");
    expect(job?.attempts).toBe(0);
  });
});
