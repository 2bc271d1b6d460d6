import "server-only";

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { jobDurationSeconds } from "@/lib/metrics";
import type { Services } from "@/lib/services";

import { claimNextJob, completeJob, failJob, JOB_HEARTBEAT_MS, onJobEnqueued, touchJob, type ClaimedJob, type JobKind } from "./queue";

const log = logger.child({ component: "jobs" });

export type JobHandler = (services: Services, job: ClaimedJob) => Promise<void>;

export interface WorkerOptions {
  handlers: Record<JobKind, JobHandler>;
  pollIntervalMs?: number;
  concurrency?: number;
}

export interface RunningWorker {
  id: string;
  stop(): Promise<void>;
  /** Runs queued jobs until none is due; tests use it instead of waiting for a poll. */
  drain(): Promise<void>;
}

/** Errors that a retry cannot fix: conflicts, bad input and refused permissions. */
function isPermanent(error: unknown): boolean {
  return error instanceof PortalError && ["CONFLICT", "VALIDATION", "FORBIDDEN", "NOT_FOUND"].includes(error.code);
}

export async function runJob(services: Services, handlers: WorkerOptions["handlers"], job: ClaimedJob): Promise<void> {
  const context = { jobId: job.id, kind: job.kind, requestId: job.payload.requestId, attempt: job.attempts };
  const handler = handlers[job.kind];
  const stopTimer = jobDurationSeconds.startTimer({ kind: job.kind });
  const heartbeat = setInterval(() => {
    touchJob(services.db, job.id, job.lockedBy).catch((error: unknown) => log.warn({ ...context, err: error }, "job heartbeat failed"));
  }, JOB_HEARTBEAT_MS);
  heartbeat.unref();

  try {
    if (!handler) throw new PortalError("VALIDATION", `No handler for job kind "${job.kind}".`);
    await handler(services, job);
    await completeJob(services.db, job);
    stopTimer({ outcome: "succeeded" });
    log.info(context, "job succeeded");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const outcome = await failJob(services.db, job, message, { permanent: isPermanent(error) });
    stopTimer({ outcome });
    if (outcome === "retrying") log.warn({ ...context, err: error }, "job failed; will retry");
    else log.error({ ...context, err: error }, "job failed permanently");
  } finally {
    clearInterval(heartbeat);
  }
}

export function startJobWorker(services: Services, options: WorkerOptions): RunningWorker {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  let stopped = false;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();

  async function runAvailable(): Promise<void> {
    while (!stopped && active < concurrency) {
      // The slot is taken before the claim, so ticks running at the same time can neither
      // exceed the concurrency nor let drain() miss a job that is being claimed.
      active += 1;
      let job: Awaited<ReturnType<typeof claimNextJob>>;
      try {
        job = await claimNextJob(services.db, id);
      } catch (error) {
        active -= 1;
        throw error;
      }
      if (!job) {
        active -= 1;
        return;
      }
      const task = runJob(services, options.handlers, job).finally(() => {
        active -= 1;
        running.delete(task);
        void tick();
      });
      running.add(task);
    }
  }

  async function tick(): Promise<void> {
    try {
      await runAvailable();
    } catch (error) {
      log.error({ err: error, workerId: id }, "job worker failed to claim jobs");
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, pollIntervalMs);
  }

  const unsubscribe = onJobEnqueued(() => void tick());
  log.info({ workerId: id, concurrency, pollIntervalMs }, "job worker started");
  schedule();

  return {
    id,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      await Promise.allSettled([...running]);
      log.info({ workerId: id }, "job worker stopped");
    },
    async drain() {
      for (;;) {
        await runAvailable();
        if (active === 0) {
          const job = await claimNextJob(services.db, id);
          if (!job) return;
          await runJob(services, options.handlers, job);
          continue;
        }
        if (running.size > 0) await Promise.allSettled([...running]);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
