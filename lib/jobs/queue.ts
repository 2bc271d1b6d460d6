import "server-only";

import { EventEmitter } from "node:events";

import type { DatabaseClient } from "@/lib/db";

// A job queue in the portal's own PostgreSQL (or PGlite) database. Workers claim jobs with
// FOR UPDATE SKIP LOCKED, so several portal processes can share one database and a job
// runs in one of them at a time.

export type JobKind = "provision-secret" | "comment-pull-request";

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
}

export interface EnqueueOptions {
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

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
        runAt: options.runAt ?? new Date(),
      },
    ],
    skipDuplicates: true,
  });
}

export async function claimNextJob(db: DatabaseClient, workerId: string): Promise<ClaimedJob | null> {
  const rows = await db.$queryRaw<Array<{ id: string; kind: JobKind; payload: JobPayload; attempts: number; maxAttempts: number }>>`
    UPDATE "Job"
       SET "status" = 'RUNNING'::"JobStatus", "lockedAt" = now(), "lockedBy" = ${workerId},
           "attempts" = "attempts" + 1, "updatedAt" = now()
     WHERE "id" = (
       SELECT "id" FROM "Job"
        WHERE "status" = 'QUEUED'::"JobStatus" AND "runAt" <= now()
        ORDER BY "runAt"
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
    RETURNING "id", "kind", "payload", "attempts", "maxAttempts"`;
  return rows[0] ?? null;
}

export async function completeJob(db: DatabaseClient, jobId: string): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "SUCCEEDED", lockedAt: null, lockedBy: null, lastError: null } });
}

/** Exponential backoff with full jitter: 2 s, 4 s, 8 s … capped at 5 minutes. */
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
  await db.job.update({
    where: { id: job.id },
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
