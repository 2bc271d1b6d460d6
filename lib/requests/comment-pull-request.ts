import "server-only";

import { PortalError } from "@/lib/errors";
import type { ClaimedJob } from "@/lib/jobs/queue";
import type { Services } from "@/lib/services";

import { requestUrlFor } from "./open-pull-request";

/**
 * Job handler: posts the "provisioned" comment on a request's pull request. A hidden
 * marker makes it safe to run again after a crash between posting and completing the job.
 */
export async function commentPullRequest(services: Services, job: ClaimedJob): Promise<void> {
  const request = await services.db.secretRequest.findUnique({ where: { id: job.payload.requestId } });
  if (!request?.pullRequestNumber) throw new PortalError("NOT_FOUND", `Request ${job.payload.requestId} has no pull request.`);

  const marker = `<!-- secrets-portal:${String(job.payload.template)}:${request.id} -->`;
  if (await services.github.hasComment(request.pullRequestNumber, marker)) return;

  const body = [
    `Secrets Portal created \`${request.providerName}\` in AWS Secrets Manager.`,
    "",
    `- ARN: \`${request.secretArn ?? "unknown"}\``,
    `- Version: \`${request.secretVersionId ?? "unknown"}\``,
    `- Kubernetes Secret \`${request.kubernetesName}\` in namespace \`${request.namespace}\` appears after the next ExternalSecret sync (refresh interval ${request.refreshInterval}).`,
    "",
    `Details and how to consume it: ${requestUrlFor(services, request.id)}`,
    "",
    marker,
  ].join("\n");
  await services.github.commentOnPullRequest(request.pullRequestNumber, body);
}
