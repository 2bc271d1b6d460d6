import "server-only";

import { logger } from "@/lib/log";
import { CrdSchemasMissingError, validateManifest } from "@/lib/manifests/crd-schemas";

import type { SchemaValidation } from "./check-manifests";

const log = logger.child({ component: "policy" });
let missingLogged = false;

/**
 * Validates a manifest against the ESO CRD schemas for policy checks in the portal. A
 * deployment without the CRD files skips the schema check with one warning, because the
 * policy rules still apply and `npm run policy -- check` validates schemas in CI.
 */
export function validateManifestSchema(manifest: unknown): SchemaValidation {
  try {
    return validateManifest(manifest);
  } catch (error) {
    if (!(error instanceof CrdSchemasMissingError)) throw error;
    if (!missingLogged) log.warn({ err: error }, "ESO CRD schemas not found; policy checks run without the schema check");
    missingLogged = true;
    return { valid: true, errors: [] };
  }
}
