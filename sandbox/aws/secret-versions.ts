import { serializationError } from "./aws-error";
import type { RequestReader } from "./request-reader";
import type { StoredSecret, StoredVersion } from "./secret-store";

// Secret values and version staging labels, following Secrets Manager's rules.

export const CURRENT = "AWSCURRENT";
export const PREVIOUS = "AWSPREVIOUS";

// Secrets Manager keeps at most 100 versions and drops the oldest ones without labels.
const MAX_VERSIONS = 100;
const MAX_VALUE_BYTES = 65536;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface SecretValue {
  secretString?: string;
  secretBinary?: string;
}

// Reads SecretString and SecretBinary (base64 on the wire). Returns undefined when neither
// is present; the caller decides whether a value is required.
export function readSecretValue(reader: RequestReader, input: Record<string, unknown>): SecretValue | undefined {
  const secretString = reader.string("SecretString", { sensitive: true });
  if (secretString !== undefined && Buffer.byteLength(secretString, "utf8") > MAX_VALUE_BYTES) {
    reader.addViolation(`Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`);
  }

  const binary = input.SecretBinary;
  let secretBinary: string | undefined;
  if (binary !== undefined && binary !== null) {
    if (typeof binary !== "string" || !BASE64.test(binary)) {
      throw serializationError("The value of 'SecretBinary' must be a base64-encoded string.");
    }
    secretBinary = binary;
    if (Buffer.from(binary, "base64").length > MAX_VALUE_BYTES) {
      reader.addViolation(`Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`);
    }
  }

  if (secretString === undefined && secretBinary === undefined) return undefined;
  return { secretString, secretBinary };
}

export function sameValue(version: StoredVersion, value: SecretValue): boolean {
  if (version.secretString !== undefined || value.secretString !== undefined) {
    return version.secretString === value.secretString && version.secretBinary === undefined && value.secretBinary === undefined;
  }

  const stored = Buffer.from(version.secretBinary ?? "", "base64");
  const requested = Buffer.from(value.secretBinary ?? "", "base64");
  return stored.equals(requested);
}

export function findVersionById(secret: StoredSecret, versionId: string): StoredVersion | undefined {
  return secret.versions.find((version) => version.versionId === versionId);
}

export function findVersionByStage(secret: StoredSecret, stage: string): StoredVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(stage));
}

// Adds a version and moves the requested labels onto it. Moving AWSCURRENT also moves
// AWSPREVIOUS to the version that held AWSCURRENT before, as Secrets Manager does.
export function addVersion(secret: StoredSecret, version: StoredVersion): void {
  const formerCurrent = findVersionByStage(secret, CURRENT);

  for (const other of secret.versions) {
    other.stages = other.stages.filter((stage) => !version.stages.includes(stage));
  }

  if (version.stages.includes(CURRENT) && formerCurrent) {
    for (const other of secret.versions) other.stages = other.stages.filter((stage) => stage !== PREVIOUS);
    formerCurrent.stages.push(PREVIOUS);
  }

  secret.versions.push(version);
  pruneDeprecatedVersions(secret);
}

export function versionIdsToStages(secret: StoredSecret): Record<string, string[]> | undefined {
  const labelled = secret.versions.filter((version) => version.stages.length > 0);
  if (labelled.length === 0) return undefined;
  return Object.fromEntries(labelled.map((version) => [version.versionId, [...version.stages]]));
}

function pruneDeprecatedVersions(secret: StoredSecret): void {
  while (secret.versions.length > MAX_VERSIONS) {
    const index = secret.versions.findIndex((version) => version.stages.length === 0);
    if (index === -1) return;
    secret.versions.splice(index, 1);
  }
}
