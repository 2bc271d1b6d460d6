import type { PortalConfig } from "@/lib/config/schema";
import { externalSecretName } from "@/lib/naming/kubernetes-names";
import { renderPathTemplate, type PathTemplateVariables } from "@/lib/naming/path-template";

import { buildExternalSecret } from "./external-secret";
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
  kind: "ExternalSecret" | "SecretStore";
}

export interface RenderRequestFilesInput {
  config: PortalConfig;
  request: RequestManifestFields;
  /** Paths that already exist on the base branch; the SecretStore is added only when its path is absent. */
  existingPaths: ReadonlySet<string>;
}

/**
 * Renders the files a request's pull request adds: its ExternalSecret and, when the
 * namespace has none yet, the namespaced SecretStore. Throws ManifestError when the
 * configuration lacks the environment, the ExternalSecret's path already exists, or an
 * input is invalid, and NamingError when a path template is invalid.
 */
export function renderRequestFiles({ config, request, existingPaths }: RenderRequestFilesInput): RenderedFile[] {
  const environment = config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) {
    const known = config.environments.map((candidate) => candidate.name).join(", ");
    throw new ManifestError(`Environment "${request.environment}" is not configured; known environments: ${known}`);
  }

  const pathVariables: PathTemplateVariables = {
    environment: request.environment,
    application: request.application,
    name: request.secretName,
    namespace: request.namespace,
  };
  const externalSecretPath = renderPathTemplate(config.gitops.paths.externalSecret, pathVariables);
  const secretStorePath = renderPathTemplate(config.gitops.paths.secretStore, pathVariables);

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
    });
  }
  return files;
}
