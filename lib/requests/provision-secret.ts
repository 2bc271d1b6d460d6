import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import type { SecretTag } from "@/lib/integrations/aws/secrets-vault";
import type { ClaimedJob } from "@/lib/jobs/queue";
import { enqueueJob, notifyJobEnqueued } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import { provisioningTotal } from "@/lib/metrics";
import type { Services } from "@/lib/services";

import { checkFourEyes, createPlatformMembership } from "./four-eyes";
import { generateSecretValue } from "./generate-secret-value";
import { claimProvisioning, renewClaim, type ProvisioningClaim } from "./provisioning-claim";
import { verifyMergedManifest } from "./verify-merged-manifest";

const log = logger.child({ component: "provisioning" });

export const REQUEST_ID_TAG = "secrets-portal:request-id";

type RequestWithRequester = SecretRequest & { requester: { login: string } };

/** Failures that no retry can fix; the same list the job worker treats as permanent. */
const PERMANENT_CODES = new Set(["CONFLICT", "NOT_FOUND", "VALIDATION", "FORBIDDEN"]);

/** A refusal with its own audit action, such as a failed four-eyes check. */
class ProvisioningRefused extends PortalError {
  constructor(
    message: string,
    readonly auditAction: string,
    readonly auditDetail: Record<string, unknown>,
  ) {
    super("FORBIDDEN", message);
  }
}

/** Tags of a request's secret; provisioning and a custodian's first value create the secret with the same ones. */
export function secretTags(request: RequestWithRequester): SecretTag[] {
  return [
    { key: REQUEST_ID_TAG, value: request.id },
    { key: "secrets-portal:requester", value: request.requester.login },
    { key: "secrets-portal:application", value: request.application },
    { key: "secrets-portal:environment", value: request.environment },
    { key: "secrets-portal:pull-request", value: request.pullRequestUrl ?? "" },
    { key: "managed-by", value: "secrets-portal" },
  ];
}

function logStep(request: SecretRequest, claim: ProvisioningClaim, step: string): void {
  // The crash tests wait for these lines to stop the worker in the middle of a step.
  log.debug({ requestId: request.id, claim: claim.token, step }, "provisioning step");
}

/**
 * Branch point for values that a custodian types in: after the claim and the checks, such
 * a request moves to AWAITING_VALUE and releases its claim. No secret exists until a
 * custodian submits the value (see set-custodian-value.ts).
 */
async function awaitCustodianValue(services: Services, request: RequestWithRequester, claim: ProvisioningClaim): Promise<void> {
  logStep(request, claim, "await-custodian-value");
  const moved = await services.db.$transaction(async (tx) => {
    const result = await tx.secretRequest.updateMany({
      where: { id: request.id, status: "MERGED", provisioningClaimedBy: claim.token },
      data: { status: "AWAITING_VALUE", statusDetail: null, provisioningClaimedBy: null, provisioningClaimedAt: null },
    });
    if (result.count === 0) return false;

    await recordAuditEvent(tx, { requestId: request.id, actor: "system", action: "secret.awaiting_value", detail: { application: request.application } });
    return true;
  });
  if (moved) log.info({ requestId: request.id }, "merged; waiting for a custodian to enter the value");
  else log.warn({ requestId: request.id, claim: claim.token }, "claim lost before moving to awaiting value");
}

async function checkReviews(services: Services, request: RequestWithRequester): Promise<void> {
  const environment = services.config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) throw new PortalError("CONFLICT", `Environment "${request.environment}" is no longer configured.`);
  if (!request.pullRequestNumber) throw new PortalError("CONFLICT", `Request ${request.id} has no pull request to check reviews on.`);

  const result = await checkFourEyes({
    environment,
    requester: request.requester.login,
    mergedBy: request.mergedBy,
    headSha: request.headSha,
    reviews: await services.github.listReviews(request.pullRequestNumber),
    membership: createPlatformMembership(services.config, services.github),
  });
  if (result.passed) return;

  throw new ProvisioningRefused(
    `${result.reason} Merged by ${request.mergedBy ?? "an unknown user"}; nothing was created. Have ${result.required} platform ` +
      "team member(s) other than the requester approve the pull request, then retry provisioning.",
    "secret.four_eyes_failed",
    {
      mergedBy: request.mergedBy,
      requester: request.requester.login,
      approvers: result.approvers,
      staleApprovers: result.staleApprovers,
      required: result.required,
      pullRequest: request.pullRequestNumber,
    },
  );
}

/** Creates the secret, or adopts one that an earlier attempt of this request created. */
async function createOrAdoptSecret(
  services: Services,
  request: RequestWithRequester,
  claim: ProvisioningClaim,
): Promise<{ arn: string; versionId: string | null }> {
  const environment = services.config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) throw new PortalError("CONFLICT", `Environment "${request.environment}" is no longer configured.`);

  logStep(request, claim, "generate-value");
  const value = await generateSecretValue(services, environment.awsRegion, request);

  // Fencing: a worker that lost its claim while it waited stops before the write.
  await renewClaim(services.db, request.id, claim);
  logStep(request, claim, "create-secret");
  const result = await services.vault.createSecret({
    region: environment.awsRegion,
    name: request.providerName,
    value,
    kmsKeyId: environment.kmsKeyId,
    description: `Secrets Portal request ${request.id}: ${request.description}`.slice(0, 2048),
    tags: secretTags(request),
    clientRequestToken: request.id,
  });
  if (result.outcome === "created") return { arn: result.arn, versionId: result.versionId };

  const owner = result.existing.tags.find((tag) => tag.key === REQUEST_ID_TAG)?.value;
  if (owner !== request.id) {
    throw new PortalError(
      "CONFLICT",
      `A secret named ${request.providerName} already exists in Secrets Manager (${result.existing.arn}) and belongs to ` +
        `${owner ? `request ${owner}` : "no portal request"}. Remove or rename it, then retry.`,
    );
  }
  log.info({ requestId: request.id, arn: result.existing.arn }, "secret already created by an earlier attempt; adopting it");
  return { arn: result.existing.arn, versionId: result.existing.currentVersionId };
}

async function recordProvisioned(
  services: Services,
  request: SecretRequest,
  claim: ProvisioningClaim,
  secret: { arn: string; versionId: string | null },
): Promise<boolean> {
  const recorded = await services.db.$transaction(async (tx) => {
    const moved = await tx.secretRequest.updateMany({
      where: { id: request.id, status: "MERGED", provisioningClaimedBy: claim.token },
      data: {
        status: "PROVISIONED",
        statusDetail: null,
        secretArn: secret.arn,
        secretVersionId: secret.versionId,
        provisionedAt: new Date(),
        provisioningClaimedBy: null,
        provisioningClaimedAt: null,
      },
    });
    if (moved.count === 0) return false;

    await recordAuditEvent(tx, { requestId: request.id, actor: "system", action: "secret.provisioned", detail: { ...secret } });
    await enqueueJob(tx, "comment-pull-request", { requestId: request.id, template: "provisioned" }, { dedupeKey: `comment:provisioned:${request.id}` });
    return true;
  });
  if (recorded) notifyJobEnqueued();
  return recorded;
}

/**
 * Records a failed attempt on the request and in the audit trail, if this attempt still
 * holds the claim. A final failure moves the request to PROVISIONING_FAILED; otherwise it
 * stays MERGED and the job retries after its backoff.
 */
async function recordFailure(services: Services, request: SecretRequest, claim: ProvisioningClaim, job: ClaimedJob, error: unknown): Promise<void> {
  const message = error instanceof PortalError ? error.message : `Unexpected error: ${(error as Error).message}`;
  const final = (error instanceof PortalError && PERMANENT_CODES.has(error.code)) || job.attempts >= job.maxAttempts;
  const attempt = { attempt: job.attempts, maxAttempts: job.maxAttempts };

  await services.db.$transaction(async (tx) => {
    const moved = await tx.secretRequest.updateMany({
      where: { id: request.id, status: "MERGED", provisioningClaimedBy: claim.token },
      data: {
        status: final ? "PROVISIONING_FAILED" : "MERGED",
        statusDetail: final ? message : `Attempt ${job.attempts} of ${job.maxAttempts} failed and will be retried: ${message}`,
        provisioningClaimedBy: null,
        provisioningClaimedAt: null,
      },
    });
    if (moved.count === 0) return;

    if (error instanceof ProvisioningRefused) {
      await recordAuditEvent(tx, { requestId: request.id, actor: "system", action: error.auditAction, detail: { ...error.auditDetail, error: message } });
    } else {
      const action = final ? "secret.provisioning_failed" : "secret.provisioning_attempt_failed";
      await recordAuditEvent(tx, { requestId: request.id, actor: "system", action, detail: { error: message, ...attempt } });
    }
  });
}

/**
 * Job handler: creates the secret of a merged request in Secrets Manager exactly once.
 * A guarded claim on the request row keeps a second worker out; the request id is the
 * ClientRequestToken, so a CreateSecret repeated after a crash is answered as the same
 * call; an existing secret counts as done only if its tags name this request.
 */
export async function provisionSecret(services: Services, job: ClaimedJob): Promise<void> {
  const requestId = job.payload.requestId;
  const request = await services.db.secretRequest.findUnique({ where: { id: requestId }, include: { requester: true } });
  if (!request) throw new PortalError("NOT_FOUND", `Request ${requestId} does not exist.`);
  if (request.status !== "MERGED") {
    log.info({ requestId, status: request.status }, "skipping provisioning of a request that is not waiting for it");
    return;
  }

  const claim = await claimProvisioning(services.db, request.id, job);
  logStep(request, claim, "claimed");

  try {
    logStep(request, claim, "check-reviews");
    await checkReviews(services, request);
    logStep(request, claim, "verify-manifest");
    await verifyMergedManifest(services, request);

    if (request.valueSource === "CUSTODIAN") return await awaitCustodianValue(services, request, claim);

    const secret = await createOrAdoptSecret(services, request, claim);
    logStep(request, claim, "record");
    if (!(await recordProvisioned(services, request, claim, secret))) {
      log.warn({ requestId, claim: claim.token }, "claim lost before recording; another attempt records the secret");
      return;
    }
    provisioningTotal.inc({ outcome: "succeeded" });
    log.info({ requestId, ...secret }, "secret provisioned");
  } catch (error) {
    provisioningTotal.inc({ outcome: "failed" });
    await recordFailure(services, request, claim, job, error);
    throw error;
  }
}
