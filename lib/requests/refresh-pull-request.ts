import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { DatabaseClient, SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { JOB_PRIORITIES, type ClaimedJob } from "@/lib/jobs/queue";
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

/**
 * Delay before a queued conflict check runs. Merges within it share one check per pull
 * request, so a burst of merges does not check every sibling after every merge, and GitHub
 * has time to compute mergeability.
 */
export const SIBLING_CHECK_DELAY_SECONDS = 15;

/** Dedupe key of a request's conflict check: one job per request, queued again when needed. */
export const refreshJobKey = (requestId: string): string => `refresh:${requestId}`;

/**
 * Queues a conflict check for every other open pull request of the merged request's
 * environment and application, in the caller's transaction, and returns how many were
 * queued. One statement does it, because a burst of merges would otherwise insert a job
 * per pair. A check that is already queued serves the new merge too. One that is running
 * may have looked before this merge, and the reconciler finds any conflict it leaves.
 */
export async function enqueueSiblingRefreshes(db: DatabaseClient, merged: Pick<SecretRequest, "id" | "environment" | "application">): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "Job" ("id", "kind", "payload", "dedupeKey", "status", "attempts", "maxAttempts", "priority", "runAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'refresh-pull-request', jsonb_build_object('requestId', r."id"::text), 'refresh:' || r."id"::text,
           'QUEUED'::"JobStatus", 0, 8, ${JOB_PRIORITIES["refresh-pull-request"]},
           now() + make_interval(secs => ${SIBLING_CHECK_DELAY_SECONDS}), now(), now()
      FROM "SecretRequest" AS r
     WHERE r."status" = 'PR_OPEN'::"RequestStatus"
       AND r."environment" = ${merged.environment}
       AND r."application" = ${merged.application}
       AND r."id" <> ${merged.id}::uuid
    ON CONFLICT ("dedupeKey") DO UPDATE
       SET "status" = 'QUEUED'::"JobStatus", "attempts" = 0, "runAt" = now() + make_interval(secs => ${SIBLING_CHECK_DELAY_SECONDS}),
           "lockedAt" = NULL, "lockedBy" = NULL,
           "lastError" = NULL, "updatedAt" = now()
     WHERE "Job"."status" IN ('SUCCEEDED'::"JobStatus", 'FAILED'::"JobStatus")`;
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
