import { isDns1123Label, isDns1123Subdomain } from "@/lib/naming/dns-names";
import { isGoDuration } from "@/lib/naming/go-duration";
import { validateLabels, validateRequestedSecretMetadata } from "@/lib/naming/kubernetes-metadata";
import { validateProviderName } from "@/lib/naming/provider-name";
import { isSecretDataKey } from "@/lib/naming/secret-key";

import { throwIfProblems } from "./manifest-error";
import { dockerConfigJsonTemplate } from "./docker-config-template";
import {
  DESCRIPTION_ANNOTATION,
  portalLabels,
  REQUEST_ID_ANNOTATION,
  REQUEST_URL_ANNOTATION,
  sortedEntries,
} from "./metadata-keys";
import { isSecretType, SECRET_TYPE_SPECS } from "./secret-types";
import { ESO_API_VERSION, type ExternalSecretManifest, type ExternalSecretTargetTemplate } from "./types";

export interface ExternalSecretInput {
  /** Name of the ExternalSecret and of the Kubernetes Secret it creates. */
  name: string;
  namespace: string;
  /** Name of the namespaced SecretStore in the same namespace. */
  storeName: string;
  /** Secrets Manager secret name, such as `/dev/payments-api/database-password`. */
  providerName: string;
  /** Key names; each becomes a Secret key read from the JSON property of the same name. */
  keys: readonly string[];
  /** Go duration such as `1h`. */
  refreshInterval: string;
  requestId: string;
  application: string;
  environment: string;
  /** Kubernetes Secret type; `Opaque` (the default) needs no template. */
  secretType?: string;
  /** Reads every property of the JSON secret with `dataFrom.extract` instead of one `data` entry per key. */
  useDataFrom?: boolean;
  /** Labels for the generated Kubernetes Secret, as requested. */
  labels?: Readonly<Record<string, string>>;
  /** Annotations for the generated Kubernetes Secret, as requested. */
  annotations?: Readonly<Record<string, string>>;
  /** Request description, kept as an annotation so reviewers of the file see the purpose. */
  description?: string;
  /** Link to the request in the portal. */
  requestUrl?: string;
}

function validateInput(input: ExternalSecretInput): string[] {
  const problems: string[] = [];

  if (!isDns1123Subdomain(input.name)) {
    problems.push(`ExternalSecret name "${input.name}" must be a DNS-1123 subdomain (lowercase letters, digits, '-', '.')`);
  }
  if (!isDns1123Label(input.namespace)) {
    problems.push(`Namespace "${input.namespace}" must be a DNS-1123 label; fix the application's namespaces in the configuration`);
  }
  if (!isDns1123Subdomain(input.storeName)) {
    problems.push(`SecretStore name "${input.storeName}" must be a DNS-1123 subdomain; fix secretStore.name in the configuration`);
  }
  problems.push(...validateProviderName(input.providerName));

  if (input.keys.length === 0) {
    problems.push("At least one key is required");
  }
  const seen = new Set<string>();
  for (const key of input.keys) {
    if (!isSecretDataKey(key)) {
      problems.push(`Key "${key}" is not a valid Kubernetes Secret key; use letters, digits, '-', '_' and '.'`);
    }
    if (seen.has(key)) problems.push(`Key "${key}" is listed twice`);
    seen.add(key);
  }

  const secretType = input.secretType ?? "Opaque";
  if (!isSecretType(secretType)) {
    problems.push(`Secret type "${secretType}" is not supported; use Opaque or one of the kubernetes.io types`);
  } else {
    const fixedKeys = SECRET_TYPE_SPECS[secretType].fixedKeys;
    if (fixedKeys && (fixedKeys.length !== input.keys.length || fixedKeys.some((key) => !input.keys.includes(key)))) {
      problems.push(`A ${secretType} secret needs exactly the keys ${fixedKeys.join(", ")}`);
    }
  }

  if (!isGoDuration(input.refreshInterval)) {
    problems.push(`Refresh interval "${input.refreshInterval}" must be a Go duration such as 1h or 15m`);
  }
  if (input.description !== undefined && !input.description.isWellFormed()) {
    problems.push("Description contains invalid Unicode characters; retype it");
  }
  problems.push(...validateLabels(portalLabels(input.application, input.environment)));
  problems.push(...validateRequestedSecretMetadata(input.labels ?? {}, input.annotations ?? {}));
  return problems;
}

/**
 * Builds the ExternalSecret for a request. The secret is one JSON object in Secrets
 * Manager, so each key reads `remoteRef.property` of the same provider name, or
 * `dataFrom.extract` reads all of them. Throws ManifestError listing every invalid input.
 */
export function buildExternalSecret(input: ExternalSecretInput): ExternalSecretManifest {
  throwIfProblems(`ExternalSecret "${input.name}"`, validateInput(input));

  const labels = portalLabels(input.application, input.environment);
  const annotations: Record<string, string> = { [REQUEST_ID_ANNOTATION]: input.requestId };
  if (input.requestUrl !== undefined) annotations[REQUEST_URL_ANNOTATION] = input.requestUrl;
  if (input.description !== undefined) annotations[DESCRIPTION_ANNOTATION] = input.description;

  const manifest: ExternalSecretManifest = {
    apiVersion: ESO_API_VERSION,
    kind: "ExternalSecret",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: sortedEntries(labels),
      annotations: sortedEntries(annotations),
    },
    spec: {
      refreshInterval: input.refreshInterval,
      secretStoreRef: { name: input.storeName, kind: "SecretStore" },
      // Owner: ESO owns the Secret, so deleting the ExternalSecret from Git removes the Secret
      // too. Retain: if the secret is deleted in Secrets Manager, ESO keeps the last synced
      // Secret instead of deleting it, so running workloads keep their credentials.
      target: { name: input.name, creationPolicy: "Owner", deletionPolicy: "Retain" },
    },
  };

  // NOTE: keys such as `tls.crt` rely on ESO's AWS provider looking a property up as a
  // literal JSON key before it treats dots as a nested path; this was not checked against
  // ESO v2.9.0's source, so an end-to-end sync test in a cluster should confirm it.
  if (input.useDataFrom) {
    manifest.spec.dataFrom = [{ extract: { key: input.providerName } }];
  } else {
    manifest.spec.data = input.keys.map((key) => ({
      secretKey: key,
      remoteRef: { key: input.providerName, property: key },
    }));
  }

  const template = buildTargetTemplate(input, labels, annotations);
  if (template) manifest.spec.target.template = template;
  return manifest;
}

/**
 * Without a template ESO copies the ExternalSecret's own labels and annotations to the
 * Secret. With one it copies only the template's, so the portal's entries are repeated
 * there to keep them on the Secret. ESO renders template metadata as Go templates, so
 * only values that cannot contain `{{` go there: the schema rejects braces in requested
 * labels and annotations, and the free-text description stays on the ExternalSecret only.
 */
function buildTargetTemplate(
  input: ExternalSecretInput,
  labels: Record<string, string>,
  annotations: Record<string, string>,
): ExternalSecretTargetTemplate | undefined {
  const secretType = input.secretType ?? "Opaque";
  const requestedLabels = input.labels ?? {};
  const requestedAnnotations = input.annotations ?? {};
  const needsTemplate =
    secretType !== "Opaque" || Object.keys(requestedLabels).length > 0 || Object.keys(requestedAnnotations).length > 0;
  if (!needsTemplate) return undefined;

  const { [DESCRIPTION_ANNOTATION]: _description, ...templateAnnotations } = annotations;
  const template: ExternalSecretTargetTemplate = {
    type: secretType,
    engineVersion: "v2",
    metadata: {
      labels: sortedEntries({ ...requestedLabels, ...labels }),
      annotations: sortedEntries({ ...requestedAnnotations, ...templateAnnotations }),
    },
  };
  if (secretType === "kubernetes.io/dockerconfigjson") {
    template.data = { ".dockerconfigjson": dockerConfigJsonTemplate() };
  }
  return template;
}
