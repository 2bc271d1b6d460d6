import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { DatabaseClient } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";

import { enqueuePolicyCheck } from "./check-pull-request-policy";
import { enqueueSiblingRefreshes } from "./refresh-pull-request";

const log = logger.child({ component: "requests" });

/** The parts of a `pull_request` delivery the portal acts on. */
export interface PullRequestEvent {
  deliveryId: string;
  action: string;
  number: number;
  headRef: string;
  headSha: string;
  merged: boolean;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  sender: string;
  /** Audit actor when the event was not delivered by GitHub, such as "system:reconciler". */
  actor?: string;
}

export interface ReviewEvent {
  deliveryId: string;
  number: number;
  headRef: string;
  state: string;
  reviewer: string;
  /** Commit the review was given on; null when unknown. */
  commitId?: string | null;
  /** Audit actor when the event was not delivered by GitHub, such as "system:reconciler". */
  actor?: string;
}

export const provisionJobKey = (requestId: string): string => `provision:${requestId}`;

async function findRequest(db: DatabaseClient, number: number, headRef: string) {
  // The branch must match too: a pull request number alone could belong to a pull
  // request the portal did not open.
  return db.secretRequest.findFirst({ where: { pullRequestNumber: number, branchName: headRef } });
}

/**
 * Applies a pull_request delivery to its request, inside the caller's transaction. A merge
 * moves the request to MERGED and enqueues provisioning once; a close without merge
 * rejects the request and frees its name.
 * Returns true when a job was enqueued.
 */
export async function applyPullRequestEvent(db: DatabaseClient, event: PullRequestEvent): Promise<boolean> {
  const request = await findRequest(db, event.number, event.headRef);
  if (!request) {
    log.debug({ deliveryId: event.deliveryId, pullRequest: event.number }, "pull request belongs to no request");
    return false;
  }
  const context = { deliveryId: event.deliveryId, requestId: request.id, pullRequest: event.number };

  // A new head (or a reopened pull request) is checked against the policy again in a job,
  // because reading the changed files takes several GitHub calls.
  if (event.action === "synchronize" || event.action === "opened" || event.action === "reopened") {
    // An approval counts only for the commit it was given on (see four-eyes.ts), so a new
    // head leaves the pull request waiting for a new one. Requested changes still stand.
    const headMoved = request.headSha !== null && request.headSha !== event.headSha;
    const reviewState = headMoved && request.reviewState === "APPROVED" ? "PENDING" : request.reviewState;
    await db.secretRequest.update({ where: { id: request.id }, data: { headSha: event.headSha, reviewState } });
    await enqueuePolicyCheck(db, { requestId: request.id, pullRequest: event.number, headSha: event.headSha });
    return true;
  }

  if (event.action === "closed" && event.merged) {
    const moved = await db.secretRequest.updateMany({
      where: { id: request.id, status: { in: ["PR_OPEN", "OPENING_PR", "PR_FAILED"] } },
      data: {
        status: "MERGED",
        statusDetail: null,
        mergeCommitSha: event.mergeCommitSha,
        mergedBy: event.mergedBy,
        mergedAt: new Date(),
        headSha: event.headSha,
      },
    });
    if (moved.count === 0) return false;

    await recordAuditEvent(db, {
      requestId: request.id,
      actor: event.actor ?? `github:${event.mergedBy ?? event.sender}`,
      action: "pull_request.merged",
      detail: { number: event.number, mergeCommitSha: event.mergeCommitSha, mergedBy: event.mergedBy, deliveryId: event.deliveryId },
    });
    await enqueueJob(db, "provision-secret", { requestId: request.id }, { dedupeKey: provisionJobKey(request.id) });
    const siblings = await enqueueSiblingRefreshes(db, request);
    log.info({ ...context, siblings }, "pull request merged; provisioning queued");
    return true;
  }

  if (event.action === "closed") {
    const moved = await db.secretRequest.updateMany({
      where: { id: request.id, status: { in: ["PR_OPEN", "OPENING_PR", "PR_FAILED"] } },
      data: { status: "REJECTED", activeProviderName: null, closedAt: new Date(), statusDetail: `Closed without merge by ${event.sender}.` },
    });
    if (moved.count === 0) return false;

    await recordAuditEvent(db, {
      requestId: request.id,
      actor: event.actor ?? `github:${event.sender}`,
      action: "pull_request.closed",
      detail: { number: event.number, deliveryId: event.deliveryId },
    });
    log.info(context, "pull request closed without merge; request rejected");
  }
  return false;
}

const REVIEW_STATES: Record<string, "APPROVED" | "CHANGES_REQUESTED"> = {
  approved: "APPROVED",
  changes_requested: "CHANGES_REQUESTED",
};

export async function applyReviewEvent(db: DatabaseClient, event: ReviewEvent): Promise<void> {
  const request = await findRequest(db, event.number, event.headRef);
  if (!request) return;

  const reviewState = REVIEW_STATES[event.state];
  const ofOlderHead = Boolean(event.commitId && request.headSha && event.commitId !== request.headSha);
  if (reviewState && !(reviewState === "APPROVED" && ofOlderHead)) {
    await db.secretRequest.update({ where: { id: request.id }, data: { reviewState } });
  }
  await recordAuditEvent(db, {
    requestId: request.id,
    actor: event.actor ?? `github:${event.reviewer}`,
    action: "pull_request.reviewed",
    detail: { number: event.number, state: event.state, reviewer: event.reviewer, deliveryId: event.deliveryId },
  });
}
