import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// Validates simulator output against GitHub's own descriptions: the REST OpenAPI 3.0 document
// from @octokit/openapi and the webhooks OpenAPI 3.1 document from @octokit/openapi-webhooks.

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;

type JsonObject = Record<string, unknown>;

interface OpenApiDocument {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, JsonObject> };
}

// Rewrites the OpenAPI 3.0 dialect into JSON Schema for Ajv. `nullable: true` becomes a "null"
// type, or an anyOf when there is no type. A oneOf with a `discriminator` becomes an anyOf
// because GitHub's variants overlap: a private user is also a valid public user.
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;

  const source = node as JsonObject;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "nullable" || key === "discriminator" || key === "example" || key === "examples") continue;
    result[key] = toJsonSchema(value);
  }

  if (source.discriminator !== undefined && Array.isArray(result.oneOf)) {
    result.anyOf = result.oneOf;
    delete result.oneOf;
  }

  if (source.nullable === true) {
    if (typeof result.type === "string") {
      result.type = [result.type, "null"];
      if (Array.isArray(result.enum)) result.enum = [...(result.enum as unknown[]), null];
    } else {
      const inner = { ...result };
      for (const key of Object.keys(result)) delete result[key];
      result.anyOf = [inner, { type: "null" }];
    }
  }
  return result;
}

let restState: { ajv: Ajv; document: OpenApiDocument; cache: Map<string, ValidateFunction> } | undefined;

function loadRest(): NonNullable<typeof restState> {
  if (restState) return restState;
  const document = JSON.parse(
    readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8"),
  ) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ $id: "rest", components: { schemas: toJsonSchema(document.components.schemas) } });
  restState = { ajv, document, cache: new Map() };
  return restState;
}

// Points "#/components/..." refs of a schema taken out of the document at the loaded copy.
function rebaseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseRefs);
  if (node === null || typeof node !== "object") return node;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    result[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `rest${value}` : rebaseRefs(value);
  }
  return result;
}

function findOperation(document: OpenApiDocument, operationId: string): JsonObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (operation.operationId === operationId) return operation;
    }
  }
  throw new Error(`Operation ${operationId} is not in the GitHub OpenAPI description`);
}

// Returns a validator for one operation's response body, for example ("pulls/create", 201).
export function restResponseValidator(operationId: string, status: number): ValidateFunction {
  const { ajv, document, cache } = loadRest();
  const key = `${operationId} ${status}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const operation = findOperation(document, operationId);
  const responses = operation.responses as Record<string, JsonObject>;
  let response = responses[String(status)];
  if (!response) throw new Error(`Operation ${operationId} has no ${status} response`);
  if (typeof response.$ref === "string") {
    response = document.components.responses[response.$ref.split("/").pop() ?? ""] ?? {};
  }
  const content = response.content as Record<string, { schema: unknown }> | undefined;
  const schema = content?.["application/json"]?.schema;
  if (!schema) throw new Error(`Operation ${operationId} ${status} has no JSON schema`);

  const validate = ajv.compile(rebaseRefs(toJsonSchema(schema)) as JsonObject);
  cache.set(key, validate);
  return validate;
}

let webhookState: { ajv: Ajv2020; cache: Map<string, ValidateFunction> } | undefined;

// Returns a validator for a webhook payload schema such as "webhook-pull-request-closed".
export function webhookPayloadValidator(schemaName: string): ValidateFunction {
  if (!webhookState) {
    const document = JSON.parse(
      readFileSync(require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json"), "utf8"),
    ) as OpenApiDocument;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema({ $id: "webhooks", components: { schemas: document.components.schemas } });
    webhookState = { ajv, cache: new Map() };
  }

  const cached = webhookState.cache.get(schemaName);
  if (cached) return cached;
  const validate = webhookState.ajv.compile({ $ref: `webhooks#/components/schemas/${schemaName}` });
  webhookState.cache.set(schemaName, validate);
  return validate;
}

// Formats Ajv errors for an assertion message.
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("\n");
}
