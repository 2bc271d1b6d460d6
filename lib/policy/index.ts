// Policy as code: the rules, and the checks for requests and for ESO manifests.
export { checkRequest, type PolicyRequestFields } from "./check-request";
export { checkManifests, describeResource, isCheckedManifest, type CheckManifestsOptions } from "./check-manifests";
export { checkManifestText, holdsCheckedManifest, readManifestText } from "./check-manifest-text";
export { hasViolations, summarizeChecks, type PolicyCheck, type PolicyFinding, type PolicyOutcome } from "./finding";
export { POLICY_RULES, POLICY_RULE_IDS, policyRule, type PolicyRuleId, type PolicySeverity } from "./rule-catalog";
export type { PolicyConfigView } from "./scope";
