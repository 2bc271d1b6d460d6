import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { DatabaseClient, SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { enqueueJob, type ClaimedJob } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { commitMessageFor, renderFilesForRequest, requestUrlFor } from "./open-pull-request";

// Every request of an application and environment edits the same kustomization.yaml, so
// once one of their pull requests merges, the others conflict with the base branch. The
// portal made those branches, so it rebuilds each conflicting one: the request's files
// rendered again against the new base, as one commit on its tip. A branch that carries
// commits from someone else is left to them.

const log = logger.child({ component: "requests" });

export const REBUILT_ACTOR = "system:branch-rebuild";

/** Dedupe key of one conflict check: per request and per base change that caused it. */
export const refreshJobKey = (requestId: string, cause: string): string => `refresh:${requestId}:${cause}`;

/**
 * Queues a conflict check for every other open pull request of the merged request's
 * environment and application. Runs in the caller's transaction.
 */
export async function enqueueSiblingRefreshes(
  db: DatabaseClient,
  merged: Pick<SecretRequest, "id" | "environment" | "application">,
  cause: string,
): Promise<number> {
  const siblings = await db.secretRequest.findMany({
    where: { status: "PR_OPEN", environment: merged.environment, application: merged.application, id: { not: merged.id } },
    select: { id: true },
  });
  for (const sibling of siblings) {
    await enqueueJob(db, "refresh-pull-request", { requestId: sibling.id }, { dedupeKey: refreshJobKey(sibling.id, cause) });
  }
  return siblings.length;
}

function rebuiltComment(request: SecretRequest, baseBranch: string, headSha: string, requestUrl: string): string {
  return [
    `Secrets Portal rebuilt this branch on the current \`${baseBranch}\`, because a change merged there conflicted with it ` +
      `(usually another request adding its line to the same \`kustomization.yaml\`).`,
    "",
    `The new commit adds the same \`ExternalSecret\` \`${request.kubernetesName}\`. Approvals of the earlier commit no longer ` +
      "count for the portal's four-eyes check, so review and approve again before merging.",
    "",
    `Request: ${requestUrl}`,
    "",
    `<!-- secrets-portal:rebuilt:${request.id}:${headSha} -->`,
  ].join("\n");
}

/**
 * Job handler: rebuilds a request's branch when its pull request conflicts with the base
 * branch. Throws a retryable error while GitHub is still computing mergeability.
 */
export async function refreshPullRequest(services: Services, job: ClaimedJob): Promise<void> {
  const { db, github } = services;
  const request = await db.secretRequest.findUnique({ where: { id: job.payload.requestId } });
  if (!request || request.status !== "PR_OPEN" || !request.pullRequestNumber || !request.branchName) return;
  const context = { requestId: request.id, pullRequest: request.pullRequestNumber, jobId: job.id };

  const pull = await github.getPullRequest(request.pullRequestNumber);
  if (pull.state !== "open" || pull.mergeable === true) return;
  if (pull.mergeable === null) {
    throw new PortalError("UPSTREAM", `GitHub has not yet computed whether pull request #${pull.number} can be merged; the portal checks again.`);
  }

  const requestUrl = requestUrlFor(services, request.id);
  const head = await github.readCommit(pull.headSha);
  // The portal's commit message names the request's URL, which contains its id.
  if (head.parents.length !== 1 || !head.message.includes(request.id)) {
    log.warn({ ...context, headSha: pull.headSha }, "pull request conflicts with the base branch and has commits the portal did not make; left to its authors");
    await db.secretRequest.updateMany({
      where: { id: request.id, status: "PR_OPEN" },
      data: {
        statusDetail:
          `Pull request #${pull.number} conflicts with ${github.baseBranch} and has commits the portal did not make, ` +
          "so the portal does not rebuild it. Resolve the conflict on GitHub, or cancel the request and create it again.",
      },
    });
    return;
  }

  const files = await renderFilesForRequest(services, request);
  const rebuilt = await github.rebuildBranch(request.branchName, files, commitMessageFor(services, request), pull.headSha);
  await db.$transaction(async (tx) => {
    await tx.secretRequest.updateMany({
      where: { id: request.id, status: "PR_OPEN" },
      data: { headSha: rebuilt, statusDetail: null, reviewState: request.reviewState === "APPROVED" ? "PENDING" : request.reviewState },
    });
    await recordAuditEvent(tx, {
      requestId: request.id,
      actor: REBUILT_ACTOR,
      action: "pull_request.rebuilt",
      detail: { number: pull.number, from: pull.headSha, to: rebuilt, files: files.map((file) => file.path) },
    });
  });
  log.info({ ...context, from: pull.headSha, to: rebuilt }, "rebuilt a conflicting pull request branch on the base branch");

  const marker = `secrets-portal:rebuilt:${request.id}:${rebuilt}`;
  if (!(await github.hasComment(pull.number, marker))) {
    await github.commentOnPullRequest(pull.number, rebuiltComment(request, github.baseBranch, rebuilt, requestUrl));
  }
}
