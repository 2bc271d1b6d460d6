import "server-only";

import { EventEmitter } from "node:events";

import type { DatabaseClient } from "@/lib/db";

// A job queue in the portal's own PostgreSQL (or PGlite) database. Workers claim jobs with
// FOR UPDATE SKIP LOCKED, so several portal processes can share one database and a job
// runs in one of them at a time.

export type JobKind = "provision-secret" | "comment-pull-request" | "check-pull-request-policy" | "refresh-pull-request";

export interface JobPayload {
  requestId: string;
  [key: string]: string | number | boolean;
}

export interface ClaimedJob {
  id: string;
  kind: JobKind;
  payload: JobPayload;
  attempts: number;
  maxAttempts: number;
  /** The worker that holds the job; handlers use it with the attempt as a fencing token. */
  lockedBy: string;
}

/** How often a worker refreshes lockedAt on the jobs it runs. */
export const JOB_HEARTBEAT_MS = 10_000;

/**
 * A RUNNING job whose lockedAt is older than this belongs to a worker that stopped: six
 * missed heartbeats, far longer than a busy event loop delays a timer.
 */
export const STALE_JOB_MS = 60_000;

export interface EnqueueOptions {
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  /** Claim order among due jobs, higher first. The default comes from JOB_PRIORITIES. */
  priority?: number;
}

/**
 * Default priority per kind. Provisioning races the GitOps sync, while comments and policy
 * statuses wait for GitHub's one-second write spacing and would otherwise hold every slot.
 */
export const JOB_PRIORITIES: Record<JobKind, number> = {
  "provision-secret": 10,
  "check-pull-request-policy": 0,
  "comment-pull-request": 0,
  "refresh-pull-request": 0,
};

const wakeups = ((globalThis as { __portalJobWakeups?: EventEmitter }).__portalJobWakeups ??= new EventEmitter());

/** Lets an in-process worker start a new job at once instead of at its next poll. */
export function onJobEnqueued(listener: () => void): () => void {
  wakeups.on("enqueued", listener);
  return () => wakeups.off("enqueued", listener);
}

export function notifyJobEnqueued(): void {
  wakeups.emit("enqueued");
}

/** Adds a job unless one with the same dedupe key exists. Call notifyJobEnqueued after commit. */
export async function enqueueJob(db: DatabaseClient, kind: JobKind, payload: JobPayload, options: EnqueueOptions = {}): Promise<void> {
  await db.job.createMany({
    data: [
      {
        kind,
        payload,
        dedupeKey: options.dedupeKey ?? null,
        maxAttempts: options.maxAttempts ?? 8,
        priority: options.priority ?? JOB_PRIORITIES[kind],
        runAt: options.runAt ?? new Date(),
      },
    ],
    skipDuplicates: true,
  });
}

export async function claimNextJob(db: DatabaseClient, workerId: string): Promise<ClaimedJob | null> {
  const rows = await db.$queryRaw<ClaimedJob[]>`
    UPDATE "Job"
       SET "status" = 'RUNNING'::"JobStatus", "lockedAt" = now(), "lockedBy" = ${workerId},
           "attempts" = "attempts" + 1, "updatedAt" = now()
     WHERE "id" = (
       SELECT "id" FROM "Job"
        WHERE "status" = 'QUEUED'::"JobStatus" AND "runAt" <= now()
        ORDER BY "priority" DESC, "runAt"
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
    RETURNING "id", "kind", "payload", "attempts", "maxAttempts", "lockedBy"`;
  return rows[0] ?? null;
}

// completeJob and failJob change the job only while this worker still holds this attempt:
// a worker that stalled past STALE_JOB_MS must not overwrite the attempt that replaced it.
function heldAttempt(job: ClaimedJob): { id: string; status: "RUNNING"; lockedBy: string; attempts: number } {
  return { id: job.id, status: "RUNNING", lockedBy: job.lockedBy, attempts: job.attempts };
}

export async function completeJob(db: DatabaseClient, job: ClaimedJob): Promise<void> {
  await db.job.updateMany({ where: heldAttempt(job), data: { status: "SUCCEEDED", lockedAt: null, lockedBy: null, lastError: null } });
}

/**
 * Returns the delay before the next attempt: exponential backoff with "equal jitter". The
 * ceiling doubles from 2 s up to 5 minutes, and the delay lies between half the ceiling and
 * the ceiling, so jobs that failed together retry spread out.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 300_000);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Records a failed attempt. The job is queued again after a backoff unless it is out of
 * attempts or the failure is permanent, in which case it stays FAILED until someone retries.
 */
export async function failJob(
  db: DatabaseClient,
  job: ClaimedJob,
  message: string,
  options: { permanent: boolean },
): Promise<"retrying" | "failed"> {
  const exhausted = options.permanent || job.attempts >= job.maxAttempts;
  await db.job.updateMany({
    where: heldAttempt(job),
    data: {
      status: exhausted ? "FAILED" : "QUEUED",
      runAt: exhausted ? undefined : new Date(Date.now() + retryDelayMs(job.attempts)),
      lockedAt: null,
      lockedBy: null,
      lastError: message.slice(0, 2_000),
    },
  });
  return exhausted ? "failed" : "retrying";
}

/** Refreshes lockedAt while a job runs, so requeueStaleJobs leaves it alone. */
export async function touchJob(db: DatabaseClient, jobId: string, workerId: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, status: "RUNNING", lockedBy: workerId }, data: { lockedAt: new Date() } });
}

/** Puts jobs whose worker died while running them back in the queue. */
export async function requeueStaleJobs(db: DatabaseClient, olderThanMs: number): Promise<number> {
  const result = await db.job.updateMany({
    where: { status: "RUNNING", lockedAt: { lt: new Date(Date.now() - olderThanMs) } },
    data: { status: "QUEUED", lockedAt: null, lockedBy: null, runAt: new Date() },
  });
  return result.count;
}

/** Queues a FAILED job again with a fresh set of attempts. */
export async function retryFailedJobs(db: DatabaseClient, dedupeKey: string): Promise<number> {
  const result = await db.job.updateMany({
    where: { dedupeKey, status: "FAILED" },
    data: { status: "QUEUED", attempts: 0, runAt: new Date(), lastError: null },
  });
  return result.count;
}

/**
 * Makes sure a job with this dedupe key will run: adds it, or queues a finished or failed
 * one again with fresh attempts. A queued or running job is left as it is. Returns whether
 * anything changed.
 */
export async function ensureJobQueued(db: DatabaseClient, kind: JobKind, payload: JobPayload, dedupeKey: string): Promise<boolean> {
  const existing = await db.job.findUnique({ where: { dedupeKey } });
  if (!existing) {
    await enqueueJob(db, kind, payload, { dedupeKey });
    return true;
  }
  if (existing.status === "QUEUED" || existing.status === "RUNNING") return false;

  const result = await db.job.updateMany({
    where: { id: existing.id, status: existing.status },
    data: { status: "QUEUED", attempts: 0, runAt: new Date(), lockedAt: null, lockedBy: null },
  });
  return result.count > 0;
}

export interface RequestJob {
  id: string;
  kind: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  updatedAt: Date;
}

/** Lists the jobs of one request, oldest first, for its page. */
export async function listRequestJobs(db: DatabaseClient, requestId: string): Promise<RequestJob[]> {
  return db.job.findMany({
    where: { payload: { path: ["requestId"], equals: requestId } },
    select: { id: true, kind: true, status: true, attempts: true, maxAttempts: true, runAt: true, lastError: true, updatedAt: true },
    orderBy: { createdAt: "asc" },
  });
}
