import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { CrdSchemasMissingError, validateManifest } from "@/lib/manifests/crd-schemas";
import { ManifestError } from "@/lib/manifests/manifest-error";
import { renderRequestFiles, type RenderedFile } from "@/lib/manifests/render-request-files";
import { parseManifests } from "@/lib/manifests/serialize-manifest";
import { NamingError } from "@/lib/naming/naming-error";
import { renderPathTemplate, type PathTemplateVariables } from "@/lib/naming/path-template";
import type { Services } from "@/lib/services";

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

function pathVariables(request: SecretRequest): PathTemplateVariables {
  return { environment: request.environment, application: request.application, name: request.secretName, namespace: request.namespace };
}

export function externalSecretPathFor(services: Services, request: SecretRequest): string {
  return renderPathTemplate(services.config.gitops.paths.externalSecret, pathVariables(request));
}

let crdWarningLogged = false;

/**
 * Checks each rendered file against the ESO CRD schemas before it is committed. A
 * deployment without the CRD files skips the check with one warning, because the manifests
 * are built from the same tested code either way.
 */
function validateRenderedFiles(files: RenderedFile[]): void {
  for (const file of files) {
    let result;
    try {
      result = validateManifest(parseManifests(file.content)[0]);
    } catch (error) {
      if (!(error instanceof CrdSchemasMissingError)) throw error;
      if (!crdWarningLogged) log.warn({ err: error }, "ESO CRD schemas not found; manifests are committed without the schema check");
      crdWarningLogged = true;
      return;
    }
    if (!result.valid) {
      throw new PortalError("VALIDATION", `The generated ${file.kind} ${file.path} does not match the ESO CRD schema: ${result.errors.join("; ")}`);
    }
  }
}

/** Renders the files a request adds, including the SecretStore when the namespace has none yet. */
export async function renderFilesForRequest(services: Services, request: SecretRequest): Promise<RenderedFile[]> {
  const storePath = renderPathTemplate(services.config.gitops.paths.secretStore, pathVariables(request));
  const existingPaths = await services.github.existingPaths([storePath, externalSecretPathFor(services, request)]);

  const files = renderRequestFiles({
    config: services.config,
    request: {
      id: request.id,
      environment: request.environment,
      application: request.application,
      secretName: request.secretName,
      namespace: request.namespace,
      providerName: request.providerName,
      keys: request.keyNames,
      refreshInterval: request.refreshInterval,
      secretType: request.secretType,
      description: request.description,
      requestUrl: requestUrlFor(services, request.id),
    },
    existingPaths,
  });
  validateRenderedFiles(files);
  return files;
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
      description: request.description,
      justification: request.justification,
      files,
    });

    const pull = await github.openPullRequest({
      branch,
      files,
      commitMessage: `${buildPullRequestTitle(request)}\n\nRequested through Secrets Portal: ${requestUrl}`,
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
  } catch (error) {
    const message = describeFailure(error);
    log.error({ err: error, requestId, branch }, "failed to open pull request");
    await db.$transaction(async (tx) => {
      await tx.secretRequest.update({ where: { id: request.id }, data: { status: "PR_FAILED", statusDetail: message } });
      await recordAuditEvent(tx, { requestId: request.id, actor, action: "pull_request.failed", detail: { error: message } });
    });
  }
}
