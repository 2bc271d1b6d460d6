import "server-only";

import type { DatabaseClient, SecretRequest } from "@/lib/db";
import type { CommitState } from "@/lib/integrations/github/gitops-repository";
import { enqueueJob, type ClaimedJob } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import { checkManifestText, checkRequest, summarizeChecks, type PolicyCheck, type PolicyFinding } from "@/lib/policy";
import { validateManifestSchema } from "@/lib/policy/schema-validator";
import type { Services } from "@/lib/services";

const log = logger.child({ component: "policy" });

/** Commit status context the portal sets on each pull request head. */
export const POLICY_STATUS_CONTEXT = "secrets-portal/policy";

// GitHub rejects a commit status description longer than 140 characters with HTTP 422.
const DESCRIPTION_MAX_LENGTH = 140;
const MANIFEST_FILE = /\.ya?ml$/i;
// A pull request is checked only while the portal still follows it.
const CHECKED_STATUSES = new Set(["OPENING_PR", "PR_OPEN", "PR_FAILED"]);

export interface PolicyEvaluation {
  findings: PolicyFinding[];
  checks: PolicyCheck[];
}

/** Checks a request's fields and the manifest files of its pull request against the policy. */
export function evaluateRequestPolicy(
  services: Pick<Services, "config">,
  request: Pick<SecretRequest, "environment" | "application" | "secretName" | "justification" | "refreshInterval">,
  files: ReadonlyArray<{ path: string; content: string }>,
): PolicyEvaluation {
  const { config } = services;
  const findings = [
    ...checkRequest(config, request),
    ...files.flatMap((file) => checkManifestText(config, file.content, { path: file.path, validateSchema: validateManifestSchema })),
  ];
  return { findings, checks: summarizeChecks(config, findings) };
}

/** Builds the commit status for an evaluation: failure names the broken rules. */
export function policyStatus(evaluation: PolicyEvaluation): { state: CommitState; description: string } {
  const failed = evaluation.checks.filter((check) => check.outcome === "failed").map((check) => check.ruleId);
  const warned = evaluation.checks.filter((check) => check.outcome === "warning").length;
  if (failed.length > 0) {
    return { state: "failure", description: `Policy failed: ${failed.join(", ")}`.slice(0, DESCRIPTION_MAX_LENGTH) };
  }
  const warnings = warned > 0 ? `, ${warned} with warnings` : "";
  return { state: "success", description: `All ${evaluation.checks.length} policy checks passed${warnings}`.slice(0, DESCRIPTION_MAX_LENGTH) };
}

/**
 * Sets the `secrets-portal/policy` commit status on a pull request head. Failures are
 * logged, not thrown, because the pull request is open either way and the next
 * `synchronize` delivery sets the status again.
 */
export async function reportPolicyStatus(services: Services, requestId: string, sha: string, evaluation: PolicyEvaluation): Promise<void> {
  const status = policyStatus(evaluation);
  try {
    await services.github.setCommitStatus(sha, {
      ...status,
      context: POLICY_STATUS_CONTEXT,
      targetUrl: `${services.portalUrl}/requests/${requestId}`,
    });
  } catch (error) {
    log.error({ err: error, requestId, sha }, "failed to set the policy commit status");
  }
}

/** Queues a policy check of a pull request head, once per head commit. */
export async function enqueuePolicyCheck(db: DatabaseClient, check: { requestId: string; pullRequest: number; headSha: string }): Promise<void> {
  await enqueueJob(
    db,
    "check-pull-request-policy",
    { requestId: check.requestId, pullRequest: check.pullRequest, headSha: check.headSha },
    { dedupeKey: `policy-check:${check.requestId}:${check.headSha}`, maxAttempts: 5 },
  );
}

/**
 * Job handler: re-reads every YAML file the pull request changes at the queued head
 * commit, checks them and the request against the policy, and sets the commit status.
 * GitHub failures are thrown so the job is retried.
 */
export async function checkPullRequestPolicy(services: Services, job: ClaimedJob): Promise<void> {
  const { requestId } = job.payload;
  const headSha = String(job.payload.headSha);
  const pullRequest = Number(job.payload.pullRequest);
  const request = await services.db.secretRequest.findUnique({ where: { id: requestId } });
  if (!request || request.pullRequestNumber !== pullRequest || !CHECKED_STATUSES.has(request.status)) {
    log.info({ requestId, pullRequest, status: request?.status }, "pull request no longer followed; policy check skipped");
    return;
  }

  const changed = await services.github.listPullRequestFiles(pullRequest);
  const files: Array<{ path: string; content: string }> = [];
  for (const file of changed) {
    if (file.status === "removed" || !MANIFEST_FILE.test(file.path)) continue;
    const content = await services.github.readFile(file.path, headSha);
    if (content !== null) files.push({ path: file.path, content });
  }

  const evaluation = evaluateRequestPolicy(services, request, files);
  const status = policyStatus(evaluation);
  await services.github.setCommitStatus(headSha, {
    ...status,
    context: POLICY_STATUS_CONTEXT,
    targetUrl: `${services.portalUrl}/requests/${requestId}`,
  });
  log.info({ requestId, pullRequest, headSha, state: status.state, files: files.length }, "pull request policy checked");
}
