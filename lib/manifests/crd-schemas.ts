import "server-only";

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parseAllDocuments } from "yaml";

import { validateAnnotations, validateLabels } from "@/lib/naming/kubernetes-metadata";

// Validates generated manifests against the External Secrets Operator CRDs, the same
// OpenAPI schemas the Kubernetes API server applies. Two gaps remain: CEL rules
// (x-kubernetes-validations) are not evaluated, and unknown fields are rejected here
// while the API server would prune them, because an unknown field in a generated
// manifest is always a bug.

export const REFERENCE_CRDS_DIR = "../shared/reference/eso-crds";
export const FETCHED_CRDS_DIR = ".data/eso-crds";

// The kinds the portal generates; a CRD folder without them cannot validate its output.
const REQUIRED_KINDS = ["ExternalSecret", "SecretStore"];

export interface ManifestValidation {
  valid: boolean;
  /** Readable problems, each `<Kind> <JSON pointer>: <message>`. */
  errors: string[];
}

/** Missing ESO CRD files; the message explains how to get them. */
export class CrdSchemasMissingError extends Error {
  override name = "CrdSchemasMissingError";
}

export interface CrdValidator {
  /** The folder the CRDs were read from. */
  directory: string;
  /** The served storage versions found, such as `external-secrets.io/v1 ExternalSecret`. */
  resources: string[];
  validate(manifest: unknown): ManifestValidation;
}

interface CrdVersionSchema {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  schema: Record<string, unknown>;
}

/**
 * Returns the CRD folder: ESO_CRDS_DIR if set, else the reference copy next to the
 * repository when it exists, else `.data/eso-crds` (where `npm run eso-crds:fetch` writes).
 * Relative paths resolve against the working directory, which is the repository root.
 */
export function resolveCrdDirectory(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): string {
  if (env.ESO_CRDS_DIR) return path.resolve(cwd, env.ESO_CRDS_DIR);

  const reference = path.resolve(cwd, REFERENCE_CRDS_DIR);
  if (existsSync(reference)) return reference;
  return path.resolve(cwd, FETCHED_CRDS_DIR);
}

function missingCrdsMessage(directory: string, problem: string): string {
  return (
    `ESO CRD schemas ${problem} in ${directory}. Set ESO_CRDS_DIR to a folder with the External Secrets ` +
    "Operator CRD YAML files, or run `npm run eso-crds:fetch`, which downloads the ESO v2.9.0 CRDs into " +
    ".data/eso-crds and prints the ESO_CRDS_DIR to use."
  );
}

/** Reads every CRD in `directory` and keeps the served storage version of each resource. */
function readCrdSchemas(directory: string): CrdVersionSchema[] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CrdSchemasMissingError(missingCrdsMessage(directory, "not found"));
  }

  const schemas: CrdVersionSchema[] = [];
  const files = readdirSync(directory).filter((file) => /\.ya?ml$/.test(file)).sort();
  for (const file of files) {
    const text = readFileSync(path.join(directory, file), "utf8");
    for (const document of parseAllDocuments(text)) {
      const crd = document.toJS() as CustomResourceDefinition | null;
      if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;

      const version = crd.spec.versions?.find((candidate) => candidate.served && candidate.storage);
      const schema = version?.schema?.openAPIV3Schema;
      if (!version || !schema) continue;
      schemas.push({
        apiVersion: `${crd.spec.group}/${version.name}`,
        kind: crd.spec.names.kind,
        namespaced: crd.spec.scope === "Namespaced",
        schema,
      });
    }
  }

  const missing = REQUIRED_KINDS.filter((kind) => !schemas.some((schema) => schema.kind === kind));
  if (missing.length > 0) {
    throw new CrdSchemasMissingError(missingCrdsMessage(directory, `for ${missing.join(" and ")} were not found`));
  }
  return schemas;
}

interface CustomResourceDefinition {
  kind: string;
  spec?: {
    group: string;
    scope: string;
    names: { kind: string };
    versions?: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema?: Record<string, unknown> };
    }>;
  };
}

type SchemaNode = Record<string, unknown>;

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of a structural schema that rejects unknown fields: every object with
 * `properties` gets `additionalProperties: false` unless it preserves unknown fields.
 */
function closeObjectSchemas(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjectSchemas);
  if (!isSchemaNode(node)) return node;

  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isSchemaNode(value)) {
      copy.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, closeObjectSchemas(child)]));
    } else if (["items", "additionalProperties", "anyOf", "allOf", "oneOf", "not"].includes(key)) {
      copy[key] = closeObjectSchemas(value);
    } else {
      copy[key] = value;
    }
  }

  if (copy.properties !== undefined && copy.additionalProperties === undefined && copy["x-kubernetes-preserve-unknown-fields"] !== true) {
    copy.additionalProperties = false;
  }
  return copy;
}

// The CRDs describe metadata only as `type: object`; the API server applies ObjectMeta rules.
function objectMetaSchema(namespaced: boolean): SchemaNode {
  const stringMap = { type: "object", additionalProperties: { type: "string" } };
  return {
    type: "object",
    required: namespaced ? ["name", "namespace"] : ["name"],
    properties: {
      name: { type: "string", maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" },
      namespace: { type: "string", maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
      labels: stringMap,
      annotations: stringMap,
    },
  };
}

function resourceSchema(crd: CrdVersionSchema): SchemaNode {
  const closed = closeObjectSchemas(crd.schema) as SchemaNode;
  const properties = isSchemaNode(closed.properties) ? closed.properties : {};
  return {
    ...closed,
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      ...properties,
      apiVersion: { type: "string", const: crd.apiVersion },
      kind: { type: "string", const: crd.kind },
      metadata: objectMetaSchema(crd.namespaced),
    },
  };
}

function formatAjvError(kind: string, error: ErrorObject): string {
  const where = `${kind} ${error.instancePath || "/"}`;
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case "additionalProperties":
      return `${where}: unknown field "${String(params.additionalProperty)}"`;
    case "required":
      return `${where}: missing required field "${String(params.missingProperty)}"`;
    case "enum":
      return `${where}: must be one of ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    default:
      return `${where}: ${error.message ?? "is invalid"}`;
  }
}

/** Describes the problems with a manifest's labels and annotations that a JSON schema cannot express. */
function metadataProblems(kind: string, manifest: SchemaNode): string[] {
  const metadata = isSchemaNode(manifest.metadata) ? manifest.metadata : {};
  const problems: string[] = [];
  if (isSchemaNode(metadata.labels)) {
    problems.push(...validateLabels(metadata.labels as Record<string, string>).map((problem) => `${kind} /metadata/labels: ${problem}`));
  }
  if (isSchemaNode(metadata.annotations)) {
    problems.push(
      ...validateAnnotations(metadata.annotations as Record<string, string>).map((problem) => `${kind} /metadata/annotations: ${problem}`),
    );
  }
  return problems;
}

/**
 * Loads the CRDs in `directory` and returns a validator for manifests of those kinds.
 * Schemas compile on first use of each kind, because the SecretStore schema is large.
 * Throws CrdSchemasMissingError when the folder or the ExternalSecret and SecretStore CRDs are missing.
 */
export function loadCrdValidator(directory: string = resolveCrdDirectory()): CrdValidator {
  const crds = readCrdSchemas(directory);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  const compiled = new Map<CrdVersionSchema, ValidateFunction>();

  function validatorFor(crd: CrdVersionSchema): ValidateFunction {
    let validate = compiled.get(crd);
    if (!validate) {
      validate = ajv.compile(resourceSchema(crd));
      compiled.set(crd, validate);
    }
    return validate;
  }

  function validate(manifest: unknown): ManifestValidation {
    if (!isSchemaNode(manifest)) {
      return { valid: false, errors: ["Manifest must be a YAML mapping with apiVersion, kind, metadata and spec"] };
    }

    const { apiVersion, kind } = manifest;
    const crd = crds.find((candidate) => candidate.apiVersion === apiVersion && candidate.kind === kind);
    if (!crd) {
      const served = crds.map((candidate) => `${candidate.apiVersion} ${candidate.kind}`).join(", ");
      return {
        valid: false,
        errors: [`apiVersion "${String(apiVersion)}" with kind "${String(kind)}" is not served by the ESO CRDs; use one of: ${served}`],
      };
    }

    const validateSchema = validatorFor(crd);
    const schemaErrors = validateSchema(manifest) ? [] : (validateSchema.errors ?? []).map((error) => formatAjvError(crd.kind, error));
    const errors = [...new Set([...schemaErrors, ...metadataProblems(crd.kind, manifest)])];
    return { valid: errors.length === 0, errors };
  }

  return {
    directory,
    resources: crds.map((crd) => `${crd.apiVersion} ${crd.kind}`),
    validate,
  };
}

const cache = globalThis as { __portalCrdValidators?: Map<string, CrdValidator> };

/**
 * Validates a manifest object against the ESO CRDs in resolveCrdDirectory(). Throws
 * CrdSchemasMissingError, whose message explains how to get the CRDs, when they are missing.
 */
export function validateManifest(manifest: unknown): ManifestValidation {
  const directory = resolveCrdDirectory();
  const validators = (cache.__portalCrdValidators ??= new Map());
  let validator = validators.get(directory);
  if (!validator) {
    validator = loadCrdValidator(directory);
    validators.set(directory, validator);
  }
  return validator.validate(manifest);
}
