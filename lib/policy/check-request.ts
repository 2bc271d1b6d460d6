import { NamingError } from "@/lib/naming/naming-error";
import { renderProviderName, validateProviderName } from "@/lib/naming/provider-name";
import { validateSecretName } from "@/lib/naming/secret-name";

import { durationSeconds } from "./duration";
import { withSeverity, type PolicyFinding, type RawFinding } from "./finding";
import { isUnderPrefix, providerKeyAffixes, refreshBounds, type PolicyConfigView } from "./scope";

// Browser-safe: the new-request form and the server run the same checks. Fields may be
// partly filled while the person types, so an empty field is left to the form's schema.

/** The request fields the policy reads; the form's values or a stored request. */
export interface PolicyRequestFields {
  environment?: string;
  application?: string;
  secretName?: string;
  justification?: string;
  refreshInterval?: string;
}

/** Checks a request's fields against the policy and returns every finding, each naming its form field. */
export function checkRequest(config: PolicyConfigView, fields: PolicyRequestFields): PolicyFinding[] {
  const findings: RawFinding[] = [];
  const environmentName = fields.environment?.trim() ?? "";
  const applicationName = fields.application?.trim() ?? "";
  const secretName = fields.secretName?.trim() ?? "";

  const environment = config.environments.find((candidate) => candidate.name === environmentName);
  const application = config.applications.find((candidate) => candidate.name === applicationName);
  if (environmentName !== "" && !environment) {
    findings.push({
      ruleId: "known-application",
      field: "environment",
      message: `Environment "${environmentName}" is not configured.`,
      fix: `Choose one of ${config.environments.map((candidate) => candidate.name).join(", ")}.`,
    });
  }
  if (applicationName !== "" && !application) {
    findings.push({
      ruleId: "known-application",
      field: "application",
      message: `Application "${applicationName}" is not configured.`,
      fix: "Choose one of your applications.",
    });
  }
  if (environment && application && application.namespaces[environment.name] === undefined) {
    findings.push({
      ruleId: "known-application",
      field: "environment",
      message: `Application "${application.name}" has no namespace in ${environment.name}.`,
      fix: `Choose an environment where it runs: ${Object.keys(application.namespaces).join(", ")}.`,
    });
  }

  const nameProblems = secretName === "" ? [] : validateSecretName(secretName);
  for (const problem of nameProblems) {
    findings.push({ ruleId: "naming", field: "secretName", message: `${problem}.`, fix: "Rename the secret." });
  }
  // The provider name repeats the secret name's problems, so it is checked only for a valid name.
  if (secretName !== "" && nameProblems.length === 0 && environment && application) {
    findings.push(...providerNameFindings(config, environment.name, application.name, secretName));
  }

  if (environment) {
    findings.push(...refreshIntervalFindings(environment, fields.refreshInterval?.trim() ?? ""));
    findings.push(...justificationFindings(config, environment, fields.justification?.trim() ?? ""));
  }
  return withSeverity(config, findings);
}

function providerNameFindings(config: PolicyConfigView, environment: string, application: string, secretName: string): RawFinding[] {
  let providerName: string;
  try {
    providerName = renderProviderName(config.providerNameTemplate, { environment, application, name: secretName });
  } catch (error) {
    if (!(error instanceof NamingError)) throw error;
    return [{ ruleId: "naming", field: "secretName", message: error.message, fix: "Fix providerNameTemplate in the portal configuration." }];
  }

  const findings: RawFinding[] = validateProviderName(providerName).map((problem) => ({
    ruleId: "naming",
    field: "secretName",
    message: `${problem}.`,
    fix: "Choose a shorter or different secret name.",
  }));
  const affixes = providerKeyAffixes(config.providerNameTemplate, { environment, application });
  if (!isUnderPrefix(providerName, affixes)) {
    findings.push({
      ruleId: "provider-key-prefix",
      field: "secretName",
      message: `Provider name "${providerName}" is not under ${application}'s prefix "${affixes.prefix}".`,
      fix: "Remove '/' and placeholders from the secret name.",
    });
  }
  return findings;
}

function refreshIntervalFindings(environment: PolicyConfigView["environments"][number], interval: string): RawFinding[] {
  if (interval === "") return [];
  const bounds = refreshBounds(environment);
  const seconds = durationSeconds(interval);
  if (seconds === null) {
    return [
      {
        ruleId: "refresh-interval-bounds",
        field: "refreshInterval",
        message: `Refresh interval "${interval}" is not a Go duration.`,
        fix: `Choose one of ${environment.refreshInterval.choices.join(", ")}.`,
      },
    ];
  }
  if (!bounds || (seconds >= bounds.minSeconds && seconds <= bounds.maxSeconds)) return [];
  return [
    {
      ruleId: "refresh-interval-bounds",
      field: "refreshInterval",
      message: `Refresh interval ${interval} is outside ${environment.name}'s bounds of ${bounds.min} to ${bounds.max}.`,
      fix: `Choose an interval from ${bounds.min} to ${bounds.max}.`,
    },
  ];
}

function justificationFindings(config: PolicyConfigView, environment: PolicyConfigView["environments"][number], justification: string): RawFinding[] {
  const { minLength, requiredIn } = config.policy.justification;
  const required = requiredIn === "all" || (requiredIn === "production" && environment.production);
  if (!required || justification.length >= minLength) return [];

  const where = requiredIn === "all" ? "every environment" : `production environment ${environment.name}`;
  return [
    {
      ruleId: "production-justification",
      field: "justification",
      message:
        justification.length === 0
          ? `A justification is required in ${where}.`
          : `The justification is ${justification.length} characters long; ${where} needs at least ${minLength}.`,
      fix: `Say why the application needs this secret, in at least ${minLength} characters.`,
    },
  ];
}
