// The policy rules the portal, the pull request check and the CLI apply. Each id is stable:
// it appears in findings, commit statuses, audit events and the `policy.rules` severity
// overrides of portal.config.yaml.

export const POLICY_RULE_IDS = [
  "manifest-syntax",
  "crd-schema",
  "known-application",
  "cluster-secret-store",
  "own-secret-store",
  "secret-store-provider",
  "provider-key-prefix",
  "refresh-interval-bounds",
  "production-justification",
  "naming",
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

export type PolicySeverity = "error" | "warning";

/** A configured severity; `off` skips the rule. */
export type PolicyRuleSetting = PolicySeverity | "off";

export interface PolicyRule {
  id: PolicyRuleId;
  /** Short title for check lists, written as the condition that passes. */
  title: string;
  /** Inputs the rule checks: the request's fields, its manifests, or both. */
  appliesTo: ReadonlyArray<"request" | "manifests">;
}

export const POLICY_RULES: readonly PolicyRule[] = [
  { id: "manifest-syntax", title: "Manifest files are valid YAML", appliesTo: ["manifests"] },
  { id: "crd-schema", title: "Manifests match the ESO CRD schemas", appliesTo: ["manifests"] },
  { id: "known-application", title: "Each manifest belongs to a configured application and environment", appliesTo: ["request", "manifests"] },
  { id: "cluster-secret-store", title: "ClusterSecretStore only where the configuration allows it", appliesTo: ["manifests"] },
  { id: "own-secret-store", title: "ExternalSecrets read through the application's own SecretStore", appliesTo: ["manifests"] },
  { id: "secret-store-provider", title: "SecretStores use AWS Secrets Manager in the environment's region with IRSA", appliesTo: ["manifests"] },
  { id: "provider-key-prefix", title: "Provider keys sit under the application's prefix", appliesTo: ["request", "manifests"] },
  { id: "refresh-interval-bounds", title: "Refresh interval within the environment's bounds", appliesTo: ["request", "manifests"] },
  { id: "production-justification", title: "Production requests carry a justification", appliesTo: ["request"] },
  { id: "naming", title: "Names follow the Kubernetes and AWS naming rules", appliesTo: ["request", "manifests"] },
];

/** Returns the catalogue entry of a rule id. */
export function policyRule(id: PolicyRuleId): PolicyRule {
  const rule = POLICY_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`Unknown policy rule ${id}`);
  return rule;
}
