import "server-only";

import { recordAuditEvent, type AuditOrigin } from "@/lib/audit/record-event";
import type { Actor } from "@/lib/auth/roles";
import { authorizeRequestAction } from "@/lib/authz";
import type { RequestStatus, SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { branchNameFor, requestUrlFor } from "./open-pull-request";

const log = logger.child({ component: "requests" });

const CANCELLABLE_STATUSES: RequestStatus[] = ["PR_OPEN", "PR_FAILED", "OPENING_PR"];

/**
 * An OPENING_PR request younger than this may still be opening its pull request in
 * another process; cancelling it then could leave a pull request behind.
 */
export const OPENING_STUCK_AFTER_MS = 2 * 60 * 1000;

/** Checks whether the requester may cancel the request at time `now`. */
export function isCancellable(request: Pick<SecretRequest, "status" | "updatedAt">, now: Date = new Date()): boolean {
  if (request.status === "OPENING_PR") return now.getTime() - request.updatedAt.getTime() >= OPENING_STUCK_AFTER_MS;
  return CANCELLABLE_STATUSES.includes(request.status);
}

function statusWords(status: RequestStatus): string {
  return status.toLowerCase().replace(/_/g, " ");
}

/**
 * Cancels an open request for its requester: marks it CANCELLED and frees its name, then
 * comments on and closes the pull request and deletes the branch. The close webhook that
 * follows finds the request no longer open and leaves it CANCELLED. When GitHub fails, the
 * request goes back to its previous status so that the cancel can be tried again and no
 * open pull request is left behind a cancelled request.
 */
export async function cancelRequest(services: Services, actor: Actor, requestId: string, origin: AuditOrigin = {}): Promise<void> {
  const { db, github } = services;

  const request = await db.secretRequest.findUnique({ where: { id: requestId } });
  authorizeRequestAction(actor, "cancel", request);
  if (!request) throw new PortalError("NOT_FOUND", "Request not found.");

  if (!isCancellable(request)) {
    const reason =
      request.status === "OPENING_PR"
        ? "The portal is still opening its pull request; wait two minutes and try again."
        : `Only an open request can be cancelled; this one is ${statusWords(request.status)}.`;
    throw new PortalError("CONFLICT", reason);
  }

  if (request.pullRequestNumber !== null) {
    const pull = await github.getPullRequest(request.pullRequestNumber);
    if (pull.merged) {
      throw new PortalError("CONFLICT", `Pull request #${pull.number} is already merged, so the request can no longer be cancelled.`);
    }
  }

  // Claimed in the database first, so a merge or close webhook arriving meanwhile finds
  // the request no longer open and changes nothing.
  const claimed = await db.secretRequest.updateMany({
    where: { id: request.id, status: request.status },
    data: { status: "CANCELLED", activeProviderName: null, closedAt: new Date(), statusDetail: `Cancelled by ${actor.login}.` },
  });
  if (claimed.count === 0) throw new PortalError("CONFLICT", "The request changed while it was being cancelled; reload the page and try again.");

  const branch = request.branchName ?? branchNameFor(services, request);
  try {
    if (request.pullRequestNumber !== null) {
      await github.commentOnPullRequest(
        request.pullRequestNumber,
        `${actor.login} cancelled this request in Secrets Portal, so the portal closes this pull request and deletes its branch. ` +
          `No secret was created. Details: ${requestUrlFor(services, request.id)}`,
      );
      await github.closePullRequest(request.pullRequestNumber);
    }
    await github.deleteBranch(branch);
  } catch (error) {
    await restoreAfterFailedCancel(services, request);
    log.error({ err: error, requestId: request.id, pullRequest: request.pullRequestNumber }, "cancel failed on GitHub; request restored");
    const detail = error instanceof PortalError ? error.message : "GitHub returned an unexpected response";
    throw new PortalError("UPSTREAM", `The request was not cancelled: ${detail}. Try again in a minute.`);
  }

  await recordAuditEvent(db, {
    requestId: request.id,
    actor: actor.login,
    action: "request.cancelled",
    detail: { previousStatus: request.status, pullRequest: request.pullRequestNumber, branch },
    origin,
  });
  log.info({ requestId: request.id, pullRequest: request.pullRequestNumber, branch }, "request cancelled");
}

async function restoreAfterFailedCancel(services: Services, request: SecretRequest): Promise<void> {
  try {
    await services.db.secretRequest.updateMany({
      where: { id: request.id, status: "CANCELLED" },
      data: { status: request.status, activeProviderName: request.activeProviderName, closedAt: null, statusDetail: request.statusDetail },
    });
  } catch (error) {
    // A new request may have taken the name in the meantime. The request then stays
    // cancelled, and this error line names the pull request to close by hand.
    log.error({ err: error, requestId: request.id, pullRequest: request.pullRequestNumber }, "could not restore request after failed cancel; close its pull request by hand");
  }
}
