import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { ManifestError } from "@/lib/manifests/manifest-error";
import type { RenderedFile } from "@/lib/manifests/render-request-files";
import { NamingError } from "@/lib/naming/naming-error";
import { renderPathTemplate, type PathTemplateVariables } from "@/lib/naming/path-template";
import type { Services } from "@/lib/services";

import { manifestFieldsOf, renderRequestChanges } from "./preview/render-request-changes";
import { describeRefreshCost, describeShorterInterval, estimateRefreshCost } from "./cost";
import { evaluateRequestPolicy, reportPolicyStatus } from "./check-pull-request-policy";
import { buildPullRequestBody, buildPullRequestTitle } from "./pull-request-body";

const log = logger.child({ component: "requests" });

/** Git branch for a request: readable, and unique because it ends with the request id. */
export function branchNameFor(services: Services, request: Pick<SecretRequest, "id" | "environment" | "application" | "secretName">): string {
  const prefix = services.config.gitops.branchPrefix;
  return `${prefix}${request.environment}/${request.application}/${request.secretName}-${request.id.slice(0, 8)}`;
}

export function requestUrlFor(services: Services, requestId: string): string {
  return `${services.portalUrl}/requests/${requestId}`;
}

/** Message of the one commit on a request's branch; it names the request's URL. */
export function commitMessageFor(services: Services, request: SecretRequest): string {
  return `${buildPullRequestTitle(request)}\n\nRequested through Secrets Portal: ${requestUrlFor(services, request.id)}`;
}

function pathVariables(request: SecretRequest): PathTemplateVariables {
  return { environment: request.environment, application: request.application, name: request.secretName, namespace: request.namespace };
}

export function externalSecretPathFor(services: Services, request: SecretRequest): string {
  return renderPathTemplate(services.config.gitops.paths.externalSecret, pathVariables(request));
}

/** Renders the files a request's commit adds or changes, including the SecretStore and kustomization edits. */
export async function renderFilesForRequest(services: Services, request: SecretRequest): Promise<RenderedFile[]> {
  return await renderRequestChanges(services, manifestFieldsOf(request, requestUrlFor(services, request.id)));
}

function refreshCostLines(services: Services, request: SecretRequest): { refreshCost?: string; shorterInterval?: string | null } {
  const cost = estimateRefreshCost(request.refreshInterval, services.config.costs);
  if (!cost) return {};
  const choices = services.config.environments.find((environment) => environment.name === request.environment)?.refreshInterval.choices ?? [];
  return {
    refreshCost: describeRefreshCost(cost),
    shorterInterval: describeShorterInterval(request.refreshInterval, choices, services.config.costs),
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof PortalError) return error.message;
  if (error instanceof ManifestError || error instanceof NamingError) return `The manifests could not be built: ${error.message}`;
  return "Unexpected error while opening the pull request; the platform team can find the details in the portal's log.";
}

/**
 * Opens the pull request of a request in OPENING_PR or PR_FAILED. GitHub failures are
 * recorded on the request (PR_FAILED with the reason) rather than thrown, so the caller
 * can show the request and its retry action.
 */
export async function openRequestPullRequest(services: Services, requestId: string, actor: string): Promise<void> {
  const { db, github } = services;

  const claimed = await db.secretRequest.updateMany({
    where: { id: requestId, status: { in: ["OPENING_PR", "PR_FAILED"] } },
    data: { status: "OPENING_PR", statusDetail: null },
  });
  if (claimed.count === 0) return;

  const request = await db.secretRequest.findUniqueOrThrow({ where: { id: requestId }, include: { requester: true } });
  const branch = branchNameFor(services, request);

  try {
    const files = await renderFilesForRequest(services, request);
    const policy = evaluateRequestPolicy(services, request, files);
    const requestUrl = requestUrlFor(services, request.id);
    const body = buildPullRequestBody({
      requestId: request.id,
      requestUrl,
      requester: request.requester.login,
      environment: request.environment,
      application: request.application,
      namespace: request.namespace,
      providerName: request.providerName,
      kubernetesName: request.kubernetesName,
      secretType: request.secretType,
      keys: request.keyNames,
      refreshInterval: request.refreshInterval,
      ...refreshCostLines(services, request),
      valueSource: request.valueSource,
      useDataFrom: request.useDataFrom,
      description: request.description,
      justification: request.justification,
      files,
      policyChecks: policy.checks,
    });

    const pull = await github.openPullRequest({
      branch,
      files,
      commitMessage: commitMessageFor(services, request),
      title: buildPullRequestTitle(request),
      body,
      labels: services.config.gitops.labels,
      reviewers: services.config.gitops.reviewers,
    });

    await db.$transaction(async (tx) => {
      await tx.secretRequest.update({
        where: { id: request.id },
        data: {
          status: "PR_OPEN",
          statusDetail: null,
          pullRequestNumber: pull.number,
          pullRequestUrl: pull.url,
          branchName: branch,
          headSha: pull.headSha,
        },
      });
      await recordAuditEvent(tx, {
        requestId: request.id,
        actor,
        action: "pull_request.opened",
        detail: { number: pull.number, url: pull.url, branch, files: files.map((file) => file.path) },
      });
    });
    log.info({ requestId, pullRequest: pull.number, branch }, "pull request opened");
    await reportPolicyStatus(services, request.id, pull.headSha, policy);
  } catch (error) {
    const message = describeFailure(error);
    log.error({ err: error, requestId, branch }, "failed to open pull request");
    await db.$transaction(async (tx) => {
      await tx.secretRequest.update({ where: { id: request.id }, data: { status: "PR_FAILED", statusDetail: message } });
      await recordAuditEvent(tx, { requestId: request.id, actor, action: "pull_request.failed", detail: { error: message } });
    });
  }
}
