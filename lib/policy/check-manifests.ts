import { isDns1123Subdomain } from "@/lib/naming/dns-names";
import { validateProviderName } from "@/lib/naming/provider-name";

import { durationSeconds } from "./duration";
import { withSeverity, type PolicyFinding, type RawFinding } from "./finding";
import { isUnderPrefix, providerKeyAffixes, refreshBounds, resolveScope, type ApplicationScope, type PolicyConfigView } from "./scope";

// Checks External Secrets Operator manifests, generated or written by hand, against the
// policy. Documents of other kinds are skipped, so a whole GitOps folder can be passed in.

// NOTE: ClusterExternalSecret (which stamps ExternalSecrets into many namespaces) and
// PushSecret (which writes to the provider) are not checked yet; a reviewer must read them.
export const CHECKED_KINDS = ["ExternalSecret", "SecretStore", "ClusterSecretStore"] as const;
const ESO_GROUP = "external-secrets.io/";

// ESO's default when spec.refreshInterval is omitted (the CRD's default is 1h0m0s).
const DEFAULT_REFRESH_INTERVAL = "1h";
// With these refresh policies ESO ignores refreshInterval.
const POLICIES_WITHOUT_INTERVAL = new Set(["CreatedOnce", "OnChange"]);

export type FieldPath = ReadonlyArray<string | number>;

/** Writes a field path as in kubectl explain: `spec.data[0].remoteRef.key`. */
export function formatFieldPath(fieldPath: FieldPath): string {
  let written = "";
  for (const segment of fieldPath) {
    if (typeof segment === "number") written += `[${segment}]`;
    else written += written === "" ? segment : `.${segment}`;
  }
  return written;
}

export interface SchemaValidation {
  valid: boolean;
  errors: string[];
}

export interface CheckManifestsOptions {
  /** File path reported in findings. */
  path?: string;
  /** Returns the 1-based line of a field in document `index`, for findings. */
  locate?: (index: number, fieldPath: FieldPath) => number | undefined;
  /** Validates a manifest against the ESO CRD schemas; findings use rule `crd-schema`. */
  validateSchema?: (manifest: unknown) => SchemaValidation;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(node: unknown, key: string): Node {
  return isNode(node) && isNode(node[key]) ? node[key] : {};
}

function text(node: unknown, key: string): string | undefined {
  return isNode(node) && typeof node[key] === "string" ? node[key] : undefined;
}

function list(node: unknown, key: string): unknown[] {
  return isNode(node) && Array.isArray(node[key]) ? node[key] : [];
}

/** Returns true for an ExternalSecret, SecretStore or ClusterSecretStore of any ESO API version. */
export function isCheckedManifest(document: unknown): document is Node {
  if (!isNode(document)) return false;
  const apiVersion = text(document, "apiVersion") ?? "";
  const kind = text(document, "kind") ?? "";
  return apiVersion.startsWith(ESO_GROUP) && (CHECKED_KINDS as readonly string[]).includes(kind);
}

/** Names a resource as `Kind namespace/name` (or `Kind name` without a namespace). */
export function describeResource(document: Node): string {
  const metadata = child(document, "metadata");
  const name = text(metadata, "name") ?? "(unnamed)";
  const namespace = text(metadata, "namespace");
  return `${text(document, "kind") ?? "Resource"} ${namespace ? `${namespace}/` : ""}${name}`;
}

interface LocatedFinding extends RawFinding {
  fieldPath: FieldPath;
}

/**
 * Checks manifests against the policy and, when `validateSchema` is given, the ESO CRD
 * schemas. Returns one finding per broken rule and place, each naming the resource.
 */
export function checkManifests(config: PolicyConfigView, documents: readonly unknown[], options: CheckManifestsOptions = {}): PolicyFinding[] {
  const raw: RawFinding[] = [];
  documents.forEach((document, index) => {
    if (!isCheckedManifest(document)) return;
    const resource = describeResource(document);

    const located: LocatedFinding[] = [];
    if (options.validateSchema) located.push(...schemaFindings(options.validateSchema, document));
    located.push(...manifestFindings(config, document));

    for (const { fieldPath, ...finding } of located) {
      const line = options.locate?.(index, fieldPath);
      raw.push({
        ...finding,
        resource,
        ...(options.path !== undefined ? { file: options.path } : {}),
        ...(line !== undefined ? { line } : {}),
      });
    }
  });
  return withSeverity(config, raw);
}

function schemaFindings(validate: NonNullable<CheckManifestsOptions["validateSchema"]>, document: Node): LocatedFinding[] {
  const result = validate(document);
  if (result.valid) return [];
  return result.errors.map((error) => ({
    ruleId: "crd-schema",
    fieldPath: schemaErrorPath(error),
    message: `${error}.`,
    fix: "Correct the field as the External Secrets Operator CRD describes it.",
  }));
}

// crd-schemas.ts reports `<Kind> <JSON pointer>: <message>`; the pointer locates the line.
function schemaErrorPath(error: string): FieldPath {
  const pointer = /^\S+ (\/\S*):/.exec(error)?.[1] ?? "/";
  return pointer
    .split("/")
    .slice(1)
    .filter((segment) => segment !== "")
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment.replace(/~1/g, "/").replace(/~0/g, "~")));
}

function manifestFindings(config: PolicyConfigView, document: Node): LocatedFinding[] {
  switch (text(document, "kind")) {
    case "ClusterSecretStore":
      return clusterStoreFindings(config, text(child(document, "metadata"), "name") ?? "", ["metadata", "name"], "defines");
    case "SecretStore":
      return secretStoreFindings(config, document);
    default:
      return externalSecretFindings(config, document);
  }
}

function scopeOf(config: PolicyConfigView, document: Node): { scope: ApplicationScope } | { finding: LocatedFinding } {
  const metadata = child(document, "metadata");
  const result = resolveScope(config, text(metadata, "namespace"), child(metadata, "labels"));
  if ("scope" in result) return result;
  return {
    finding: {
      ruleId: "known-application",
      fieldPath: ["metadata", "namespace"],
      message: `${document.kind === "SecretStore" ? "The store" : "The resource"} ${result.problem}.`,
      fix: `${capitalize(result.fix)}.`,
    },
  };
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function clusterStoreFindings(config: PolicyConfigView, name: string, fieldPath: FieldPath, verb: "defines" | "uses"): LocatedFinding[] {
  const { allowed, names } = config.policy.clusterSecretStores;
  if (!allowed) {
    return [
      {
        ruleId: "cluster-secret-store",
        fieldPath,
        message:
          verb === "defines"
            ? "ClusterSecretStores are not allowed, because any namespace can read through them."
            : `Reads through ClusterSecretStore ${name}, but ClusterSecretStores are not allowed.`,
        fix: `Use the application's namespaced SecretStore ${config.secretStore.name}.`,
      },
    ];
  }
  if (names.length > 0 && !names.includes(name)) {
    return [
      {
        ruleId: "cluster-secret-store",
        fieldPath,
        message: `ClusterSecretStore ${name} is not one of the allowed ClusterSecretStores (${names.join(", ")}).`,
        fix: `Use one of ${names.join(", ")} or the application's SecretStore ${config.secretStore.name}.`,
      },
    ];
  }
  return [];
}

function secretStoreFindings(config: PolicyConfigView, document: Node): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  const name = text(child(document, "metadata"), "name") ?? "";
  const resolved = scopeOf(config, document);
  if ("finding" in resolved) findings.push(resolved.finding);

  if (name !== config.secretStore.name) {
    findings.push({
      ruleId: "own-secret-store",
      fieldPath: ["metadata", "name"],
      message: `SecretStore ${name} is not the application's store; each namespace has one SecretStore named ${config.secretStore.name}.`,
      fix: `Rename it to ${config.secretStore.name}, or remove it and use ${config.secretStore.name}.`,
    });
  }
  if ("scope" in resolved) findings.push(...providerFindings(config, document, resolved.scope));
  return findings;
}

function providerFindings(config: PolicyConfigView, document: Node, scope: ApplicationScope): LocatedFinding[] {
  const environment = config.environments.find((candidate) => candidate.name === scope.environment);
  const provider = child(child(document, "spec"), "provider");
  const aws = child(provider, "aws");
  const base = ["spec", "provider", "aws"];
  const serviceAccount = config.secretStore.serviceAccount;

  if (!isNode(provider.aws)) {
    const used = Object.keys(provider).join(", ") || "none";
    return [
      {
        ruleId: "secret-store-provider",
        fieldPath: ["spec", "provider"],
        message: `SecretStore uses provider ${used}, not aws.`,
        fix: "Use spec.provider.aws with service SecretsManager.",
      },
    ];
  }

  const findings: LocatedFinding[] = [];
  const problem = (field: string, message: string, fix: string): void => {
    findings.push({ ruleId: "secret-store-provider", fieldPath: [...base, ...field.split(".").filter(Boolean)], message, fix });
  };
  if (text(aws, "service") !== "SecretsManager") {
    problem("service", `SecretStore reads AWS service ${text(aws, "service") ?? "(none)"}, not SecretsManager.`, "Set spec.provider.aws.service to SecretsManager.");
  }
  if (environment && text(aws, "region") !== environment.awsRegion) {
    problem(
      "region",
      `SecretStore reads region ${text(aws, "region") ?? "(none)"}, but ${scope.environment} keeps its secrets in ${environment.awsRegion}.`,
      `Set spec.provider.aws.region to ${environment.awsRegion}.`,
    );
  }
  const auth = child(aws, "auth");
  if (isNode(auth.secretRef)) {
    problem("auth.secretRef", "SecretStore authenticates with static access keys from a Secret.", `Remove auth.secretRef and use IRSA through ServiceAccount ${serviceAccount}.`);
  }
  const accountName = text(child(child(auth, "jwt"), "serviceAccountRef"), "name");
  if (accountName !== serviceAccount) {
    problem(
      "auth.jwt.serviceAccountRef.name",
      `SecretStore authenticates as ServiceAccount ${accountName ?? "(none)"}, not ${serviceAccount}, whose IAM role is scoped to the application.`,
      `Set spec.provider.aws.auth.jwt.serviceAccountRef.name to ${serviceAccount}.`,
    );
  }
  if (text(aws, "prefix") !== undefined) {
    problem("prefix", "SecretStore sets a key prefix, which changes which secrets its ExternalSecrets read.", "Remove spec.provider.aws.prefix and put the full name in each key.");
  }
  return findings;
}

interface StoreReference {
  kind: string;
  name: string;
  fieldPath: FieldPath;
}

/** Lists every store an ExternalSecret reads through: the main one and any per-entry sourceRef. */
function storeReferences(spec: Node): StoreReference[] {
  const references: StoreReference[] = [];
  const main = child(spec, "secretStoreRef");
  const usesGeneratorsOnly =
    [...list(spec, "data"), ...list(spec, "dataFrom")].length > 0 &&
    [...list(spec, "data"), ...list(spec, "dataFrom")].every((entry) => isNode(child(entry, "sourceRef").generatorRef));
  if (isNode(spec.secretStoreRef) || !usesGeneratorsOnly) {
    references.push({ kind: text(main, "kind") ?? "SecretStore", name: text(main, "name") ?? "", fieldPath: ["spec", "secretStoreRef"] });
  }

  for (const field of ["data", "dataFrom"] as const) {
    list(spec, field).forEach((entry, index) => {
      const storeRef = child(child(entry, "sourceRef"), "storeRef");
      if (!isNode(child(entry, "sourceRef").storeRef)) return;
      references.push({
        kind: text(storeRef, "kind") ?? "SecretStore",
        name: text(storeRef, "name") ?? "",
        fieldPath: ["spec", field, index, "sourceRef", "storeRef"],
      });
    });
  }
  return references;
}

interface ProviderKey {
  key: string | undefined;
  fieldPath: FieldPath;
  /** `find` searches by path prefix instead of naming one secret. */
  search: boolean;
}

/** Lists the Secrets Manager names an ExternalSecret reads, skipping entries served by generators. */
function providerKeys(spec: Node): ProviderKey[] {
  const keys: ProviderKey[] = [];
  list(spec, "data").forEach((entry, index) => {
    if (isNode(child(entry, "sourceRef").generatorRef)) return;
    keys.push({ key: text(child(entry, "remoteRef"), "key"), fieldPath: ["spec", "data", index, "remoteRef", "key"], search: false });
  });
  list(spec, "dataFrom").forEach((entry, index) => {
    if (isNode(child(entry, "sourceRef").generatorRef)) return;
    if (isNode(entry) && isNode(entry.extract)) {
      keys.push({ key: text(child(entry, "extract"), "key"), fieldPath: ["spec", "dataFrom", index, "extract", "key"], search: false });
    }
    if (isNode(entry) && isNode(entry.find)) {
      keys.push({ key: text(child(entry, "find"), "path"), fieldPath: ["spec", "dataFrom", index, "find", "path"], search: true });
    }
  });
  return keys;
}

function externalSecretFindings(config: PolicyConfigView, document: Node): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  const spec = child(document, "spec");
  const resolved = scopeOf(config, document);
  if ("finding" in resolved) findings.push(resolved.finding);

  for (const reference of storeReferences(spec)) {
    if (reference.kind === "ClusterSecretStore") {
      findings.push(...clusterStoreFindings(config, reference.name, reference.fieldPath, "uses"));
    } else if (reference.name !== config.secretStore.name) {
      findings.push({
        ruleId: "own-secret-store",
        fieldPath: [...reference.fieldPath, "name"],
        message: `Reads through SecretStore ${reference.name || "(unnamed)"}, not the application's own store ${config.secretStore.name}.`,
        fix: `Set ${formatFieldPath(reference.fieldPath)}.name to ${config.secretStore.name}.`,
      });
    }
  }

  for (const entry of providerKeys(spec)) findings.push(...providerKeyFindings(config, resolved, entry));

  const environment = "scope" in resolved ? config.environments.find((candidate) => candidate.name === resolved.scope.environment) : undefined;
  if (environment && !POLICIES_WITHOUT_INTERVAL.has(text(spec, "refreshPolicy") ?? "")) {
    findings.push(...manifestRefreshFindings(environment, text(spec, "refreshInterval")));
  }

  const target = text(child(spec, "target"), "name");
  if (target !== undefined && !isDns1123Subdomain(target)) {
    findings.push({
      ruleId: "naming",
      fieldPath: ["spec", "target", "name"],
      message: `Target Secret name "${target}" is not a valid Kubernetes name.`,
      fix: "Use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.",
    });
  }
  return findings;
}

function providerKeyFindings(
  config: PolicyConfigView,
  resolved: { scope: ApplicationScope } | { finding: LocatedFinding },
  entry: ProviderKey,
): LocatedFinding[] {
  const where = formatFieldPath(entry.fieldPath);
  if (entry.key === undefined || entry.key === "") {
    if (!entry.search) return [];
    return [
      {
        ruleId: "provider-key-prefix",
        fieldPath: entry.fieldPath.slice(0, -1),
        message: `${where.replace(/\.path$/, "")} searches every secret the store's role can list.`,
        fix: "Set find.path to the application's prefix, or name the secret with extract.key.",
      },
    ];
  }

  const findings: LocatedFinding[] = [];
  if (!entry.search) {
    for (const problem of validateProviderName(entry.key)) {
      findings.push({ ruleId: "naming", fieldPath: entry.fieldPath, message: `${problem}.`, fix: `Correct ${where}.` });
    }
  }
  if (!("scope" in resolved)) return findings;

  const affixes = providerKeyAffixes(config.providerNameTemplate, resolved.scope);
  const inside = entry.search ? entry.key.startsWith(affixes.prefix) : isUnderPrefix(entry.key, affixes);
  if (!inside) {
    findings.push({
      ruleId: "provider-key-prefix",
      fieldPath: entry.fieldPath,
      message: `${where} reads "${entry.key}", outside ${resolved.scope.application}'s prefix "${affixes.prefix}" in ${resolved.scope.environment}.`,
      fix: `Read only secrets under ${affixes.prefix}; request other secrets for their own application.`,
    });
  }
  return findings;
}

function manifestRefreshFindings(environment: PolicyConfigView["environments"][number], interval: string | undefined): LocatedFinding[] {
  const value = interval ?? DEFAULT_REFRESH_INTERVAL;
  const fieldPath = interval === undefined ? ["spec"] : ["spec", "refreshInterval"];
  const seconds = durationSeconds(value);
  const bounds = refreshBounds(environment);
  if (seconds === null) {
    return [
      {
        ruleId: "refresh-interval-bounds",
        fieldPath,
        message: `spec.refreshInterval "${value}" is not a Go duration.`,
        fix: `Use a duration such as ${environment.refreshInterval.default}.`,
      },
    ];
  }
  if (!bounds || (seconds >= bounds.minSeconds && seconds <= bounds.maxSeconds)) return [];
  const shown = interval === undefined ? `${value} (the default)` : value;
  return [
    {
      ruleId: "refresh-interval-bounds",
      fieldPath,
      message: `spec.refreshInterval ${shown} is outside ${environment.name}'s bounds of ${bounds.min} to ${bounds.max}.`,
      fix: `Set spec.refreshInterval between ${bounds.min} and ${bounds.max}.`,
    },
  ];
}
