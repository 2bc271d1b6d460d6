import "server-only";

import { randomUUID } from "node:crypto";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { enqueueJob, ensureJobQueued, notifyJobEnqueued, requeueStaleJobs, STALE_JOB_MS } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { latestVerdicts } from "./four-eyes";
import { applyPullRequestEvent, applyReviewEvent, provisionJobKey } from "./handle-pull-request-event";
import { refreshJobKey } from "./refresh-pull-request";

const log = logger.child({ component: "reconciler" });

export const RECONCILER_ACTOR = "system:reconciler";

export interface ReconcileOptions {
  /** An OPENING_PR request older than this belongs to a process that stopped mid-way. */
  openingPrStaleMs?: number;
  /** A MERGED request younger than this is left to the job its merge queued. */
  mergedGraceMs?: number;
  staleJobMs?: number;
  /** Pull requests read from GitHub per pass, oldest checked first, to bound API use. */
  limit?: number;
}

export interface ReconcileResult {
  checked: number;
  merged: number;
  closed: number;
  reviewed: number;
  requeuedJobs: number;
  staleJobs: number;
  stuckOpening: number;
  errors: number;
}

const DEFAULTS = { openingPrStaleMs: 10 * 60_000, mergedGraceMs: 30_000, limit: 100 };

function reconcilerDeliveryId(): string {
  // Marks audit details of events the reconciler applied; no WebhookDelivery row is made.
  return `reconciler:${randomUUID()}`;
}

/** Applies reviews GitHub has and the portal missed: the newest verdict decides the review state. */
async function catchUpReviews(services: Services, request: SecretRequest, headSha: string, result: ReconcileResult): Promise<void> {
  if (!request.pullRequestNumber || !request.branchName) return;
  const reviews = await services.github.listReviews(request.pullRequestNumber);
  const verdicts = latestVerdicts(reviews, headSha);

  const states = [...verdicts.values()];
  const derived = states.includes("CHANGES_REQUESTED") ? "CHANGES_REQUESTED" : states.includes("APPROVED") ? "APPROVED" : null;
  if (!derived && request.reviewState === "APPROVED") {
    // Every approval is of an older head, so the synchronize webhook of a push was missed.
    await services.db.secretRequest.updateMany({ where: { id: request.id, reviewState: "APPROVED" }, data: { reviewState: "PENDING" } });
    result.reviewed += 1;
    return;
  }
  if (!derived || derived === request.reviewState) return;

  const review = [...reviews].reverse().find((candidate) => candidate.state === derived && candidate.login);
  await services.db.$transaction((tx) =>
    applyReviewEvent(tx, {
      deliveryId: reconcilerDeliveryId(),
      number: request.pullRequestNumber ?? 0,
      headRef: request.branchName ?? "",
      state: derived.toLowerCase(),
      reviewer: review?.login ?? "unknown",
      actor: RECONCILER_ACTOR,
    }),
  );
  result.reviewed += 1;
}

/** Applies a merge or close that GitHub has and the portal missed, through the webhook's own function. */
async function catchUpPullRequest(services: Services, request: SecretRequest, result: ReconcileResult): Promise<void> {
  if (!request.pullRequestNumber) return;
  const pull = await services.github.getPullRequest(request.pullRequestNumber);
  await catchUpReviews(services, request, pull.headSha, result);
  if (pull.state === "open" && pull.mergeable === false) {
    // A conflict the merge webhook did not lead to, such as a hand-made change to the base.
    // The key names the head, so a branch the portal leaves alone is checked once per head.
    const dedupeKey = `${refreshJobKey(request.id)}:${pull.headSha}`;
    await enqueueJob(services.db, "refresh-pull-request", { requestId: request.id }, { dedupeKey });
  }
  if (pull.state === "open" || pull.headRef !== request.branchName) return;

  const queued = await services.db.$transaction((tx) =>
    applyPullRequestEvent(tx, {
      deliveryId: reconcilerDeliveryId(),
      action: "closed",
      number: pull.number,
      headRef: pull.headRef,
      headSha: pull.headSha,
      merged: pull.merged,
      mergeCommitSha: pull.mergeCommitSha,
      mergedBy: pull.mergedBy,
      sender: pull.mergedBy ?? "unknown",
      actor: RECONCILER_ACTOR,
    }),
  );
  if (queued) notifyJobEnqueued();
  if (pull.merged) result.merged += 1;
  else result.closed += 1;
  log.info({ requestId: request.id, pullRequest: pull.number, merged: pull.merged }, "applied a pull request change the webhook missed");
}

/** Moves an OPENING_PR request whose process stopped to PR_FAILED, where Retry adopts or reopens the pull request. */
async function failStuckOpening(services: Services, request: SecretRequest): Promise<boolean> {
  const detail =
    "The portal stopped while opening the pull request. Retry opens it, or adopts the one that was opened before the stop.";
  return services.db.$transaction(async (tx) => {
    const moved = await tx.secretRequest.updateMany({
      where: { id: request.id, status: "OPENING_PR", updatedAt: request.updatedAt },
      data: { status: "PR_FAILED", statusDetail: detail },
    });
    if (moved.count === 0) return false;
    await recordAuditEvent(tx, { requestId: request.id, actor: RECONCILER_ACTOR, action: "pull_request.failed", detail: { error: detail } });
    return true;
  });
}

/**
 * Compares every open request with its pull request's real state and catches up on missed
 * merges, closes and reviews. It also queues provisioning again for merged requests that no
 * job will finish, and puts jobs left RUNNING by a dead worker back in the queue.
 */
export async function reconcileRequests(services: Services, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const settings = { ...DEFAULTS, ...options };
  const result: ReconcileResult = { checked: 0, merged: 0, closed: 0, reviewed: 0, requeuedJobs: 0, staleJobs: 0, stuckOpening: 0, errors: 0 };
  const { db } = services;

  result.staleJobs = await requeueStaleJobs(db, options.staleJobMs ?? STALE_JOB_MS);

  const open = await db.secretRequest.findMany({
    where: { status: "PR_OPEN", pullRequestNumber: { not: null } },
    orderBy: { updatedAt: "asc" },
    take: settings.limit,
  });
  for (const request of open) {
    result.checked += 1;
    try {
      await catchUpPullRequest(services, request, result);
    } catch (error) {
      result.errors += 1;
      log.error({ err: error, requestId: request.id, pullRequest: request.pullRequestNumber }, "failed to reconcile request");
    }
  }

  const opening = await db.secretRequest.findMany({
    where: { status: "OPENING_PR", updatedAt: { lt: new Date(Date.now() - settings.openingPrStaleMs) } },
  });
  for (const request of opening) {
    if (await failStuckOpening(services, request)) result.stuckOpening += 1;
  }

  const merged = await db.secretRequest.findMany({
    where: { status: "MERGED", updatedAt: { lt: new Date(Date.now() - settings.mergedGraceMs) } },
    select: { id: true },
  });
  for (const request of merged) {
    if (await ensureJobQueued(db, "provision-secret", { requestId: request.id }, provisionJobKey(request.id))) result.requeuedJobs += 1;
  }
  if (result.requeuedJobs > 0 || result.merged > 0) notifyJobEnqueued();

  const changed = result.merged + result.closed + result.reviewed + result.requeuedJobs + result.staleJobs + result.stuckOpening;
  if (changed > 0 || result.errors > 0) log.info({ ...result }, "reconciler pass changed requests");
  return result;
}
