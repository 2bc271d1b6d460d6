import "server-only";

import { randomInt } from "node:crypto";

import { z } from "zod";

import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { generatedKeysOf, isSecretType, SECRET_TYPE_SPECS } from "@/lib/manifests/secret-types";
import type { Services } from "@/lib/services";

import { characterClasses, excludedCharacters, valuePolicySchema, type ValuePolicy } from "./value-policy";

const keyPoliciesSchema = z.record(z.string(), valuePolicySchema);

export type GeneratedRequestFields = Pick<SecretRequest, "id" | "keyNames" | "secretType" | "keyPolicies" | "username">;

/** Reads the stored policies of a request; one that no longer parses is a server fault, so it throws a plain Error. */
export function readKeyPolicies(stored: unknown): Record<string, ValuePolicy> {
  const parsed = keyPoliciesSchema.safeParse(stored ?? {});
  if (!parsed.success) throw new Error("The stored value policies of the request do not match the value policy schema.");
  return parsed.data;
}

/**
 * Builds the JSON document stored in Secrets Manager: a generated value per generated key,
 * by that key's policy (or the configured default), and the plain username of a
 * basic-auth secret. The result is a secret; callers pass it straight to the vault and
 * never keep or log it. Throws PortalError when a key of the type cannot be generated.
 */
export async function generateSecretValue(services: Services, region: string, request: GeneratedRequestFields): Promise<string> {
  const secretType = isSecretType(request.secretType) ? request.secretType : null;
  if (!secretType) throw new PortalError("CONFLICT", `Secret type "${request.secretType}" is not supported; nothing was generated.`);

  const spec = SECRET_TYPE_SPECS[secretType];
  const generated = new Set(generatedKeysOf(secretType, request.keyNames));
  const policies = readKeyPolicies(request.keyPolicies);
  const defaultPolicy = services.config.generatedValues.defaultPolicy;

  const value: Record<string, string> = {};
  for (const key of request.keyNames) {
    if (spec.plainKeys.includes(key) && key === "username") {
      if (!request.username) throw new PortalError("CONFLICT", `Request ${request.id} has no username for its basic-auth secret.`);
      value[key] = request.username;
    } else if (generated.has(key)) {
      value[key] = await generateValue(services, region, policies[key] ?? defaultPolicy);
    } else {
      throw new PortalError(
        "CONFLICT",
        `Key "${key}" of a ${secretType} secret cannot be generated; a custodian has to supply the value.`,
      );
    }
  }
  return JSON.stringify(value);
}

/**
 * Generates one value. A policy with every letter and digit class maps onto Secrets
 * Manager's GetRandomPassword. Other policies are generated with node:crypto, because
 * GetRandomPassword can drop a letter or digit class only by excluding each character,
 * and its RequireEachIncludedType would then still ask for that class.
 */
async function generateValue(services: Services, region: string, policy: ValuePolicy): Promise<string> {
  if (!(policy.lowercase && policy.uppercase && policy.digits)) return generateWithCrypto(policy);

  const password = await services.vault.generatePassword(region, {
    length: policy.length,
    excludeCharacters: excludedCharacters(policy) || undefined,
    excludePunctuation: !policy.symbols,
  });
  assertMatchesPolicy(password, policy);
  return password;
}

/** Generates a value with node:crypto: one character of each class, the rest from all of them, then shuffled. */
export function generateWithCrypto(policy: ValuePolicy): string {
  const classes = characterClasses(policy);
  const alphabet = classes.join("");
  const characters = classes.map((characterClass) => pick(characterClass));
  while (characters.length < policy.length) characters.push(pick(alphabet));

  // Fisher-Yates with crypto's uniform randomInt, so the required characters land anywhere.
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] ?? "", characters[index] ?? ""];
  }
  return characters.join("");
}

function pick(characters: string): string {
  return characters[randomInt(characters.length)] ?? "";
}

/** Checks a value against its policy, without putting the value into the error. */
export function assertMatchesPolicy(value: string, policy: ValuePolicy): void {
  const allowed = new Set(characterClasses(policy).join(""));
  const valid = value.length === policy.length && [...value].every((character) => allowed.has(character));
  if (!valid) {
    throw new PortalError("UPSTREAM", "Secrets Manager GetRandomPassword returned a value outside the requested policy; nothing was stored.");
  }
}
