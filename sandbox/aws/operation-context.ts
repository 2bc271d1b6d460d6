import { markedForDeletion, secretNotFound } from "./aws-error";
import type { JsonObject, RequestReader } from "./request-reader";
import type { SecretStore, StoredSecret } from "./secret-store";

export interface OperationContext {
  store: SecretStore;
}

export type OperationHandler = (context: OperationContext, input: JsonObject) => JsonObject;

// The JSON protocol sends timestamps as epoch seconds with a fractional part.
export function toEpochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

export function readSecretId(reader: RequestReader): string {
  return reader.string("SecretId", { required: true, min: 1, max: 2048 }) ?? "";
}

export function requireSecret(context: OperationContext, secretId: string): StoredSecret {
  const secret = context.store.find(secretId);
  if (!secret) throw secretNotFound();
  return secret;
}

export function requireActiveSecret(context: OperationContext, secretId: string): StoredSecret {
  const secret = requireSecret(context, secretId);
  if (secret.deletedDate !== undefined) throw markedForDeletion();
  return secret;
}

// Drops undefined members so responses carry only the fields AWS would send.
export function compact(object: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
