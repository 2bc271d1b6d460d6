import "server-only";

import { PortalError } from "@/lib/errors";

import { checkRequest, type PolicyRequestFields } from "./check-request";
import type { PolicyConfigView } from "./scope";

/**
 * Throws a VALIDATION PortalError when the request breaks a policy rule of severity
 * `error`. Each message names the rule and the fix and sits under its form field.
 */
export function assertRequestPolicy(config: PolicyConfigView, fields: PolicyRequestFields): void {
  const violations = checkRequest(config, fields).filter((finding) => finding.severity === "error");
  const [first] = violations;
  if (!first) return;

  const fieldErrors: Record<string, string[]> = {};
  for (const finding of violations) {
    const field = finding.field ?? "policy";
    (fieldErrors[field] ??= []).push(`${finding.message} ${finding.fix} (policy rule ${finding.ruleId})`);
  }
  throw new PortalError("VALIDATION", `${first.message} ${first.fix} (policy rule ${first.ruleId})`, fieldErrors);
}
