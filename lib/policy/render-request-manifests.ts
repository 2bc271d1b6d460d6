import type { PortalConfig } from "@/lib/config/schema";
import { ManifestError } from "@/lib/manifests/manifest-error";
import { renderRequestFiles, type RenderedFile } from "@/lib/manifests/render-request-files";
import { providerNameFor } from "@/lib/naming/provider-name";

import { checkManifestText } from "./check-manifest-text";
import { checkRequest } from "./check-request";
import type { PolicyFinding } from "./finding";

export interface RenderRequestFlags {
  environment: string;
  application: string;
  secretName: string;
  keys: string[];
  /** Defaults to the environment's default refresh interval. */
  refreshInterval?: string;
  secretType?: string;
  useDataFrom?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  description?: string;
  justification?: string;
  /** Request id written into the annotations; the portal uses the stored request's id. */
  requestId?: string;
}

/**
 * Renders the files a request would add to the GitOps repository, as if the repository
 * held none of them yet, and checks the request and the files against the policy.
 * Throws ManifestError or NamingError when the input cannot be rendered at all.
 */
export function renderRequestManifests(config: PortalConfig, flags: RenderRequestFlags): { files: RenderedFile[]; findings: PolicyFinding[] } {
  const environment = config.environments.find((candidate) => candidate.name === flags.environment);
  const application = config.applications.find((candidate) => candidate.name === flags.application);
  if (!environment) {
    throw new ManifestError(`Environment "${flags.environment}" is not configured; use one of ${config.environments.map((item) => item.name).join(", ")}`);
  }
  if (!application) {
    throw new ManifestError(`Application "${flags.application}" is not configured; use one of ${config.applications.map((item) => item.name).join(", ")}`);
  }
  const namespace = application.namespaces[environment.name];
  if (!namespace) throw new ManifestError(`Application "${application.name}" has no namespace in ${environment.name}`);

  const refreshInterval = flags.refreshInterval ?? environment.refreshInterval.default;
  const files = renderRequestFiles({
    config,
    request: {
      id: flags.requestId ?? "preview",
      environment: environment.name,
      application: application.name,
      secretName: flags.secretName,
      namespace,
      providerName: providerNameFor(config.providerNameTemplate, {
        environment: environment.name,
        application: application.name,
        name: flags.secretName,
      }),
      keys: flags.keys,
      refreshInterval,
      secretType: flags.secretType,
      useDataFrom: flags.useDataFrom,
      labels: flags.labels,
      annotations: flags.annotations,
      description: flags.description,
    },
    existingPaths: new Set(),
  });

  const findings = [
    ...checkRequest(config, { ...flags, refreshInterval }),
    ...files.flatMap((file) => checkManifestText(config, file.content, { path: file.path })),
  ];
  return { files, findings };
}
