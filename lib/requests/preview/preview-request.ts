import "server-only";

import type { Actor } from "@/lib/auth/roles";
import { authorizeCreateRequest } from "@/lib/authz";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { ManifestError } from "@/lib/manifests/manifest-error";
import { NamingError } from "@/lib/naming/naming-error";
import { renderProviderName, validateProviderName } from "@/lib/naming/provider-name";
import type { Services } from "@/lib/services";

import { requestUrlFor } from "../open-pull-request";
import { newRequestSchema } from "../request-schema";
import { PREVIEW_REQUEST_ID, type RequestPreview } from "./preview-types";
import { renderRequestChanges } from "./render-request-changes";

const log = logger.child({ component: "preview" });

/**
 * Renders the files the request's commit would add or change right now, with the same
 * renderRequestChanges the pull request uses. Only the request id differs: the preview uses
 * PREVIEW_REQUEST_ID. Invalid input returns the first problem instead of throwing.
 */
export async function previewRequest(services: Services, actor: Actor, rawInput: unknown): Promise<RequestPreview> {
  const { config } = services;
  const parsed = newRequestSchema.safeParse(rawInput);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { ok: false, message: `Fix the form to see the files: ${issue?.message ?? "some fields are invalid"}.`, providerName: null };
  }
  const input = parsed.data;

  const environment = config.environments.find((candidate) => candidate.name === input.environment);
  const application = config.applications.find((candidate) => candidate.name === input.application);
  if (!environment || !application) {
    return { ok: false, message: "Choose a configured environment and application to see the files.", providerName: null };
  }
  authorizeCreateRequest(actor, application.name);

  const providerName = renderProviderName(config.providerNameTemplate, {
    environment: environment.name,
    application: application.name,
    name: input.secretName,
  });
  const problems = validateProviderName(providerName);
  if (problems.length > 0) return { ok: false, message: `The provider name ${problems.join("; ")}.`, providerName };

  const namespace = application.namespaces[environment.name] ?? "";
  try {
    const files = await renderRequestChanges(services, {
      id: PREVIEW_REQUEST_ID,
      environment: environment.name,
      application: application.name,
      secretName: input.secretName,
      namespace,
      providerName,
      keys: input.keys,
      refreshInterval: input.refreshInterval,
      secretType: input.secretType,
      useDataFrom: input.useDataFrom,
      labels: input.labels,
      annotations: input.annotations,
      description: input.description,
      requestUrl: requestUrlFor(services, PREVIEW_REQUEST_ID),
    });
    return { ok: true, providerName, files: files.map(({ path, kind, change, content }) => ({ path, kind, change, content })) };
  } catch (error) {
    if (error instanceof ManifestError || error instanceof NamingError || error instanceof PortalError) {
      return { ok: false, message: error.message, providerName };
    }
    log.error({ err: error, actor: actor.login }, "failed to render the request preview");
    return { ok: false, message: "The preview could not be rendered; the portal's log has the details.", providerName };
  }
}
