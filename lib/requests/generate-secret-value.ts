import "server-only";

import type { SecretRequest } from "@/lib/db";
import type { Services } from "@/lib/services";

/** Generated values avoid punctuation so they survive URLs, shells and config files unquoted. */
const GENERATED_PASSWORD = { length: 40, excludePunctuation: true } as const;

/**
 * Builds the JSON document stored in Secrets Manager: one generated value per key. The
 * result is a secret; callers pass it straight to the vault and never keep or log it.
 */
export async function generateSecretValue(
  services: Services,
  region: string,
  request: Pick<SecretRequest, "keyNames">,
): Promise<string> {
  const value: Record<string, string> = {};
  for (const key of request.keyNames) {
    value[key] = await services.vault.generatePassword(region, GENERATED_PASSWORD);
  }
  return JSON.stringify(value);
}
