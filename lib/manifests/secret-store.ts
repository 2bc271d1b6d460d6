import { isDns1123Label, isDns1123Subdomain } from "@/lib/naming/dns-names";
import { validateLabels } from "@/lib/naming/kubernetes-metadata";

import { throwIfProblems } from "./manifest-error";
import { portalLabels, sortedEntries } from "./metadata-keys";
import { ESO_API_VERSION, type SecretStoreManifest } from "./types";

const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;

export interface SecretStoreInput {
  name: string;
  namespace: string;
  /** AWS region of the environment's Secrets Manager, such as `eu-west-1`. */
  region: string;
  /** ServiceAccount in the namespace whose IRSA role may read `/{environment}/{application}/*`. */
  serviceAccount: string;
  environment: string;
  application: string;
}

/**
 * Builds the namespaced SecretStore through which an application's ExternalSecrets read
 * Secrets Manager. A namespaced store with the namespace's own ServiceAccount keeps each
 * application's access scoped to its role, unlike a ClusterSecretStore.
 */
export function buildSecretStore(input: SecretStoreInput): SecretStoreManifest {
  const problems: string[] = [];
  if (!isDns1123Subdomain(input.name)) {
    problems.push(`SecretStore name "${input.name}" must be a DNS-1123 subdomain; fix secretStore.name in the configuration`);
  }
  if (!isDns1123Label(input.namespace)) {
    problems.push(`Namespace "${input.namespace}" must be a DNS-1123 label; fix the application's namespaces in the configuration`);
  }
  if (!AWS_REGION_PATTERN.test(input.region)) {
    problems.push(`AWS region "${input.region}" is invalid; use a region such as eu-west-1`);
  }
  if (!isDns1123Subdomain(input.serviceAccount)) {
    problems.push(
      `ServiceAccount name "${input.serviceAccount}" must be a DNS-1123 subdomain; fix secretStore.serviceAccount in the configuration`,
    );
  }
  problems.push(...validateLabels(portalLabels(input.application, input.environment)));
  throwIfProblems(`SecretStore "${input.name}"`, problems);

  return {
    apiVersion: ESO_API_VERSION,
    kind: "SecretStore",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: sortedEntries(portalLabels(input.application, input.environment)),
    },
    spec: {
      provider: {
        aws: {
          service: "SecretsManager",
          region: input.region,
          auth: { jwt: { serviceAccountRef: { name: input.serviceAccount } } },
        },
      },
    },
  };
}
