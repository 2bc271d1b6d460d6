import "server-only";

import { jobHandlers } from "@/lib/jobs/handlers";
import { requeueStaleJobs, STALE_JOB_MS } from "@/lib/jobs/queue";
import { startJobWorker, type RunningWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/log";
import { reconcileRequests } from "@/lib/requests/reconcile-requests";
import { getServices } from "@/lib/services";

const log = logger.child({ component: "background" });

const MAINTENANCE_INTERVAL_MS = 60_000;
/**
 * Each pass reads up to 100 open pull requests with two GitHub calls each, so every five
 * minutes stays under a tenth of GitHub's 5,000 requests per hour.
 */
const RECONCILE_INTERVAL_MS = 5 * 60_000;

const holder = globalThis as { __portalBackground?: { worker: RunningWorker; timer: NodeJS.Timeout; reconciler?: NodeJS.Timeout } };

/** Starts the job worker once per process, however often Next.js loads this module. */
export function startBackgroundWork(): void {
  if (holder.__portalBackground) return;

  const services = getServices();
  const worker = startJobWorker(services, { handlers: jobHandlers, pollIntervalMs: 1_000, concurrency: 2 });
  const timer = setInterval(() => {
    requeueStaleJobs(services.db, STALE_JOB_MS)
      .then((count) => {
        if (count > 0) log.warn({ count }, "requeued jobs left running by a stopped worker");
      })
      .catch((error: unknown) => log.error({ err: error }, "failed to requeue stale jobs"));
  }, MAINTENANCE_INTERVAL_MS);
  timer.unref();

  const reconciler = setInterval(() => {
    reconcileRequests(services).catch((error: unknown) => log.error({ err: error }, "reconciler pass failed"));
  }, RECONCILE_INTERVAL_MS);
  reconciler.unref();

  // No signal handlers here: Next.js owns process shutdown, and a job cut short is
  // picked up again by requeueStaleJobs.
  holder.__portalBackground = { worker, timer, reconciler };
}
