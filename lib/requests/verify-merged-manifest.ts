import "server-only";

import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { parseManifests } from "@/lib/manifests/serialize-manifest";
import type { Services } from "@/lib/services";

import { externalSecretPathFor } from "./open-pull-request";

/**
 * Re-reads the ExternalSecret from the merge commit, because a reviewer may have edited the
 * branch: the portal provisions only what was merged and only if it still points at this
 * request's provider name and keys.
 */
export async function verifyMergedManifest(services: Services, request: SecretRequest): Promise<void> {
  if (!request.mergeCommitSha) throw new PortalError("CONFLICT", "The merge commit of the pull request is unknown.");

  const path = externalSecretPathFor(services, request);
  const text = await services.github.readFile(path, request.mergeCommitSha);
  if (text === null) throw new PortalError("CONFLICT", `The merged commit has no file ${path}; nothing was provisioned.`);

  let documents: unknown[];
  try {
    documents = parseManifests(text);
  } catch (error) {
    throw new PortalError("CONFLICT", `The merged file ${path} is not valid YAML (${(error as Error).message}); nothing was provisioned.`);
  }
  const manifest = documents.find((document) => (document as { kind?: unknown } | null)?.kind === "ExternalSecret") as
    | { metadata?: { annotations?: Record<string, string> }; spec?: { data?: Array<{ secretKey?: string; remoteRef?: { key?: string } }> } }
    | undefined;
  if (!manifest) throw new PortalError("CONFLICT", `The merged file ${path} holds no ExternalSecret; nothing was provisioned.`);

  const remoteKeys = new Set((manifest.spec?.data ?? []).map((entry) => entry.remoteRef?.key));
  if (remoteKeys.size !== 1 || !remoteKeys.has(request.providerName)) {
    throw new PortalError(
      "CONFLICT",
      `The merged ExternalSecret in ${path} reads ${[...remoteKeys].join(", ") || "nothing"}, not ${request.providerName}; nothing was provisioned.`,
    );
  }
}
