import "server-only";

import { z } from "zod";

import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { CrdSchemasMissingError, validateManifest } from "@/lib/manifests/crd-schemas";
import { renderRequestFiles, requestFilePaths, type RenderedFile, type RequestManifestFields } from "@/lib/manifests/render-request-files";
import { parseManifests } from "@/lib/manifests/serialize-manifest";
import type { Services } from "@/lib/services";

const log = logger.child({ component: "requests" });

const metadataMap = z.record(z.string(), z.string());

/** Reads a stored labels or annotations column; anything but a string map is treated as empty. */
function readMetadata(stored: unknown): Record<string, string> {
  const parsed = metadataMap.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** Returns the manifest fields of a stored request. */
export function manifestFieldsOf(request: SecretRequest, requestUrl: string): RequestManifestFields {
  return {
    id: request.id,
    environment: request.environment,
    application: request.application,
    secretName: request.secretName,
    namespace: request.namespace,
    providerName: request.providerName,
    keys: request.keyNames,
    refreshInterval: request.refreshInterval,
    secretType: request.secretType,
    useDataFrom: request.useDataFrom,
    labels: readMetadata(request.labels),
    annotations: readMetadata(request.annotations),
    description: request.description,
    requestUrl,
  };
}

let crdWarningLogged = false;

/**
 * Checks each rendered manifest against the ESO CRD schemas. A deployment without the CRD
 * files skips the check with one warning, because the manifests are built from the same
 * tested code either way. Kustomization files are not ESO resources and are skipped.
 */
export function validateRenderedFiles(files: readonly RenderedFile[]): void {
  for (const file of files) {
    if (file.kind === "Kustomization") continue;
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

/**
 * Renders every file a request's commit adds or changes, against the current base branch:
 * which of its paths exist and the text of the kustomization files that may list them.
 * The pull request and the form's live preview both call this, so the preview shows the
 * exact commit.
 */
export async function renderRequestChanges(services: Services, fields: RequestManifestFields): Promise<RenderedFile[]> {
  const paths = requestFilePaths(services.config, fields);
  const { github } = services;

  // One read per path, in parallel: the preview runs this on every pause in typing.
  const candidates = [paths.secretStorePath, paths.externalSecretPath, ...paths.kustomizationCandidates];
  const texts = await Promise.all(candidates.map((path) => github.readFile(path, github.baseBranch)));

  const existingPaths = new Set<string>();
  const kustomizations = new Map<string, string>();
  candidates.forEach((path, index) => {
    const text = texts[index];
    if (text === null || text === undefined) return;
    existingPaths.add(path);
    if (paths.kustomizationCandidates.includes(path)) kustomizations.set(path, text);
  });

  const files = renderRequestFiles({ config: services.config, request: fields, existingPaths, kustomizations });
  validateRenderedFiles(files);
  return files;
}
