import type { PortalConfig } from "@/lib/config/schema";
import { externalSecretName } from "@/lib/naming/kubernetes-names";
import { renderPathTemplate, type PathTemplateVariables } from "@/lib/naming/path-template";

import { buildExternalSecret } from "./external-secret";
import { addKustomizationResources, kustomizationCandidates, nearestKustomization, relativeResourcePath } from "./kustomization";
import { ManifestError } from "./manifest-error";
import { buildSecretStore } from "./secret-store";
import { serializeManifest } from "./serialize-manifest";

/** The fields of a stored request that its manifests need. */
export interface RequestManifestFields {
  id: string;
  environment: string;
  application: string;
  secretName: string;
  namespace: string;
  providerName: string;
  keys: readonly string[];
  refreshInterval: string;
  /** Kubernetes Secret type; defaults to `Opaque`. */
  secretType?: string;
  /** Reads every key with `dataFrom.extract` instead of one `data` entry per key. */
  useDataFrom?: boolean;
  /** Requested labels and annotations for the generated Kubernetes Secret. */
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  description?: string;
  requestUrl?: string;
}

export interface RenderedFile {
  /** Path relative to the GitOps repository root. */
  path: string;
  content: string;
  kind: "ExternalSecret" | "SecretStore" | "Kustomization";
  /** Whether the commit adds the file or changes one that exists on the base branch. */
  change: "added" | "modified";
}

export interface RenderRequestFilesInput {
  config: PortalConfig;
  request: RequestManifestFields;
  /** Paths that already exist on the base branch; the SecretStore is added only when its path is absent. */
  existingPaths: ReadonlySet<string>;
  /**
   * Text of the kustomization files that exist on the base branch, by path (read the
   * paths that requestFilePaths(...).kustomizationCandidates lists). New files are added
   * to the `resources` of the nearest one.
   */
  kustomizations?: ReadonlyMap<string, string>;
}

export interface RequestFilePaths {
  externalSecretPath: string;
  secretStorePath: string;
  /** The application's folder for the environment: the SecretStore's folder. */
  applicationFolder: string;
  /** Kustomization files that may list the new files, to be checked for on the base branch. */
  kustomizationCandidates: string[];
}

/** Computes where a request's files go, from the path templates of the configuration. */
export function requestFilePaths(
  config: PortalConfig,
  request: Pick<RequestManifestFields, "environment" | "application" | "secretName" | "namespace">,
): RequestFilePaths {
  const pathVariables: PathTemplateVariables = {
    environment: request.environment,
    application: request.application,
    name: request.secretName,
    namespace: request.namespace,
  };
  const externalSecretPath = renderPathTemplate(config.gitops.paths.externalSecret, pathVariables);
  const secretStorePath = renderPathTemplate(config.gitops.paths.secretStore, pathVariables);
  const slash = secretStorePath.lastIndexOf("/");
  const applicationFolder = slash === -1 ? "" : secretStorePath.slice(0, slash);
  return {
    externalSecretPath,
    secretStorePath,
    applicationFolder,
    kustomizationCandidates: kustomizationCandidates([externalSecretPath, secretStorePath], applicationFolder),
  };
}

/**
 * Renders the files a request's pull request adds or changes: its ExternalSecret, the
 * namespaced SecretStore when the namespace has none yet, and the nearest kustomization
 * file's `resources`. Throws ManifestError when the configuration lacks the environment,
 * the ExternalSecret's path already exists, or an input is invalid, and NamingError when
 * a path template is invalid.
 */
export function renderRequestFiles({ config, request, existingPaths, kustomizations }: RenderRequestFilesInput): RenderedFile[] {
  const environment = config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) {
    const known = config.environments.map((candidate) => candidate.name).join(", ");
    throw new ManifestError(`Environment "${request.environment}" is not configured; known environments: ${known}`);
  }

  const { externalSecretPath, secretStorePath, applicationFolder } = requestFilePaths(config, request);

  if (externalSecretPath === secretStorePath) {
    throw new ManifestError(
      `gitops.paths.externalSecret and gitops.paths.secretStore both render to "${externalSecretPath}"; ` +
        "give the ExternalSecret path a {name} placeholder",
    );
  }
  if (existingPaths.has(externalSecretPath)) {
    throw new ManifestError(
      `The GitOps repository already has ${externalSecretPath}; choose another secret name or remove the old file`,
    );
  }

  const externalSecret = buildExternalSecret({
    name: externalSecretName(request.secretName),
    namespace: request.namespace,
    storeName: config.secretStore.name,
    providerName: request.providerName,
    keys: request.keys,
    refreshInterval: request.refreshInterval,
    requestId: request.id,
    application: request.application,
    environment: request.environment,
    secretType: request.secretType,
    useDataFrom: request.useDataFrom,
    labels: request.labels,
    annotations: request.annotations,
    description: request.description,
    requestUrl: request.requestUrl,
  });
  const files: RenderedFile[] = [
    {
      path: externalSecretPath,
      content: serializeManifest(externalSecret, { requestId: request.id }),
      kind: "ExternalSecret",
      change: "added",
    },
  ];

  if (!existingPaths.has(secretStorePath)) {
    const secretStore = buildSecretStore({
      name: config.secretStore.name,
      namespace: request.namespace,
      region: environment.awsRegion,
      serviceAccount: config.secretStore.serviceAccount,
      environment: request.environment,
      application: request.application,
    });
    files.push({
      path: secretStorePath,
      content: serializeManifest(secretStore, { requestId: request.id }),
      kind: "SecretStore",
      change: "added",
    });
  }

  files.push(...renderKustomizationChanges(files, applicationFolder, kustomizations ?? new Map()));
  return files;
}

/** Adds each new file to the `resources` of its nearest kustomization, one changed file per kustomization. */
function renderKustomizationChanges(
  files: readonly RenderedFile[],
  applicationFolder: string,
  kustomizations: ReadonlyMap<string, string>,
): RenderedFile[] {
  const existing = new Set(kustomizations.keys());
  const resourcesByFile = new Map<string, string[]>();
  for (const file of files) {
    const kustomizationPath = nearestKustomization(file.path, applicationFolder, existing);
    if (kustomizationPath === null) continue;
    const resources = resourcesByFile.get(kustomizationPath) ?? [];
    resources.push(relativeResourcePath(kustomizationPath, file.path));
    resourcesByFile.set(kustomizationPath, resources);
  }

  const changes: RenderedFile[] = [];
  for (const [path, resources] of resourcesByFile) {
    const content = addKustomizationResources(kustomizations.get(path) ?? "", path, resources);
    if (content !== null) changes.push({ path, content, kind: "Kustomization", change: "modified" });
  }
  return changes;
}
