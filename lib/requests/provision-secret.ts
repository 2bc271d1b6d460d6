import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import type { SecretTag } from "@/lib/integrations/aws/secrets-vault";
import type { ClaimedJob } from "@/lib/jobs/queue";
import { enqueueJob, notifyJobEnqueued } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import { provisioningTotal } from "@/lib/metrics";

import { generateSecretValue } from "./generate-secret-value";
import { verifyMergedManifest } from "./verify-merged-manifest";
import type { Services } from "@/lib/services";

const log = logger.child({ component: "provisioning" });

export const REQUEST_ID_TAG = "secrets-portal:request-id";

function secretTags(services: Services, request: SecretRequest & { requester: { login: string } }): SecretTag[] {
  return [
    { key: REQUEST_ID_TAG, value: request.id },
    { key: "secrets-portal:requester", value: request.requester.login },
    { key: "secrets-portal:application", value: request.application },
    { key: "secrets-portal:environment", value: request.environment },
    { key: "secrets-portal:pull-request", value: request.pullRequestUrl ?? "" },
    { key: "managed-by", value: "secrets-portal" },
  ];
}

async function markFailed(services: Services, request: SecretRequest, message: string, final: boolean): Promise<void> {
  await services.db.$transaction(async (tx) => {
    await tx.secretRequest.update({
      where: { id: request.id },
      data: final
        ? { status: "PROVISIONING_FAILED", statusDetail: message }
        : { statusDetail: `Provisioning attempt failed and will be retried: ${message}` },
    });
    if (final) {
      await recordAuditEvent(tx, { requestId: request.id, actor: "system", action: "secret.provisioning_failed", detail: { error: message } });
    }
  });
}

/**
 * Job handler: creates the secret of a merged request in Secrets Manager exactly once.
 * The request id is the ClientRequestToken, so a retried CreateSecret after a crash is
 * answered as the same call; an existing secret counts as done only if its tags name
 * this request.
 */
export async function provisionSecret(services: Services, job: ClaimedJob): Promise<void> {
  const requestId = job.payload.requestId;
  const request = await services.db.secretRequest.findUnique({ where: { id: requestId }, include: { requester: true } });
  if (!request) throw new PortalError("NOT_FOUND", `Request ${requestId} does not exist.`);
  if (request.status === "PROVISIONED") return;
  if (request.status !== "MERGED" && request.status !== "PROVISIONING_FAILED") {
    log.warn({ requestId, status: request.status }, "skipping provisioning of a request that is not merged");
    return;
  }

  const environment = services.config.environments.find((candidate) => candidate.name === request.environment);
  try {
    if (!environment) throw new PortalError("CONFLICT", `Environment "${request.environment}" is no longer configured.`);
    await verifyMergedManifest(services, request);

    const result = await services.vault.createSecret({
      region: environment.awsRegion,
      name: request.providerName,
      value: await generateSecretValue(services, environment.awsRegion, request),
      kmsKeyId: environment.kmsKeyId,
      description: `Secrets Portal request ${request.id}: ${request.description}`.slice(0, 2048),
      tags: secretTags(services, request),
      clientRequestToken: request.id,
    });

    let arn: string;
    let versionId: string | null;
    if (result.outcome === "created") {
      ({ arn, versionId } = result);
    } else {
      const owner = result.existing.tags.find((tag) => tag.key === REQUEST_ID_TAG)?.value;
      if (owner !== request.id) {
        throw new PortalError(
          "CONFLICT",
          `A secret named ${request.providerName} already exists in Secrets Manager (${result.existing.arn}) and belongs to ` +
            `${owner ? `request ${owner}` : "no portal request"}. Remove or rename it, then retry.`,
        );
      }
      arn = result.existing.arn;
      versionId = result.existing.currentVersionId;
    }

    await services.db.$transaction(async (tx) => {
      await tx.secretRequest.update({
        where: { id: request.id },
        data: { status: "PROVISIONED", statusDetail: null, secretArn: arn, secretVersionId: versionId, provisionedAt: new Date() },
      });
      await recordAuditEvent(tx, { requestId: request.id, actor: "system", action: "secret.provisioned", detail: { arn, versionId } });
      await enqueueJob(tx, "comment-pull-request", { requestId: request.id, template: "provisioned" }, { dedupeKey: `comment:provisioned:${request.id}` });
    });
    notifyJobEnqueued();
    provisioningTotal.inc({ outcome: "succeeded" });
    log.info({ requestId, arn, versionId }, "secret provisioned");
  } catch (error) {
    const message = error instanceof PortalError ? error.message : `Unexpected error: ${(error as Error).message}`;
    const permanent = error instanceof PortalError && ["CONFLICT", "NOT_FOUND", "VALIDATION"].includes(error.code);
    provisioningTotal.inc({ outcome: "failed" });
    await markFailed(services, request, message, permanent || job.attempts >= job.maxAttempts);
    throw error;
  }
}
