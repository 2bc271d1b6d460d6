import type { PortalConfig } from "@/lib/config/schema";

import { POLICY_RULES, type PolicyRuleId, type PolicySeverity } from "./rule-catalog";

/** One rule broken by a request or a manifest. */
export interface PolicyFinding {
  ruleId: PolicyRuleId;
  severity: PolicySeverity;
  message: string;
  /** The change that makes the rule pass. */
  fix: string;
  /** Request form field the finding belongs to, such as `justification`. */
  field?: string;
  /** File path relative to the folder or repository that was checked. */
  file?: string;
  /** 1-based line of the offending value in `file`. */
  line?: number;
  /** Kubernetes resource, as `Kind namespace/name` or `Kind name`. */
  resource?: string;
}

/** A finding before the configured severity is applied. */
export type RawFinding = Omit<PolicyFinding, "severity">;

export type PolicyOutcome = "passed" | "failed" | "warning";

export interface PolicyCheck {
  ruleId: PolicyRuleId;
  title: string;
  outcome: PolicyOutcome;
}

type PolicySettings = Pick<PortalConfig, "policy">;

/** Applies the configured severity to raw findings and drops those of rules set to `off`. */
export function withSeverity(config: PolicySettings, findings: readonly RawFinding[]): PolicyFinding[] {
  const result: PolicyFinding[] = [];
  for (const finding of findings) {
    const setting = config.policy.rules[finding.ruleId] ?? "error";
    if (setting === "off") continue;
    result.push({ ...finding, severity: setting });
  }
  return result;
}

/** Returns true when any finding blocks: an `error` finding is a violation, a `warning` is not. */
export function hasViolations(findings: readonly PolicyFinding[]): boolean {
  return findings.some((finding) => finding.severity === "error");
}

/**
 * Lists every enabled rule that applies to `scope` with its outcome, for pull request
 * bodies and commit statuses.
 */
export function summarizeChecks(
  config: PolicySettings,
  findings: readonly PolicyFinding[],
  scopes: ReadonlyArray<"request" | "manifests"> = ["request", "manifests"],
): PolicyCheck[] {
  return POLICY_RULES.filter((rule) => (config.policy.rules[rule.id] ?? "error") !== "off")
    .filter((rule) => rule.appliesTo.some((scope) => scopes.includes(scope)))
    .map((rule) => {
      const own = findings.filter((finding) => finding.ruleId === rule.id);
      return { ruleId: rule.id, title: rule.title, outcome: outcomeOf(own) };
    });
}

function outcomeOf(findings: readonly PolicyFinding[]): PolicyOutcome {
  if (findings.some((finding) => finding.severity === "error")) return "failed";
  if (findings.length > 0) return "warning";
  return "passed";
}
