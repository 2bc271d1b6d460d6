import type { EnvironmentConfig, PortalConfig } from "@/lib/config/schema";
import { APPLICATION_LABEL, ENVIRONMENT_LABEL } from "@/lib/manifests/metadata-keys";
import { fillPlaceholders } from "@/lib/naming/placeholders";

import { durationSeconds } from "./duration";

/** The configuration a policy check reads; a full PortalConfig satisfies it. */
export type PolicyConfigView = Pick<PortalConfig, "environments" | "applications" | "providerNameTemplate" | "secretStore" | "policy">;

/** The application and environment a manifest belongs to. */
export interface ApplicationScope {
  application: string;
  environment: string;
  namespace: string;
}

export type ScopeResult = { scope: ApplicationScope } | { problem: string; fix: string };

/**
 * Works out which application and environment a namespaced manifest belongs to: from the
 * portal's labels when both are set, else from the namespace mapping in the configuration.
 */
export function resolveScope(config: PolicyConfigView, namespace: string | undefined, labels: Record<string, unknown>): ScopeResult {
  const labelledApplication = typeof labels[APPLICATION_LABEL] === "string" ? labels[APPLICATION_LABEL] : undefined;
  const labelledEnvironment = typeof labels[ENVIRONMENT_LABEL] === "string" ? labels[ENVIRONMENT_LABEL] : undefined;

  if (labelledApplication !== undefined && labelledEnvironment !== undefined) {
    return scopeFromLabels(config, namespace, labelledApplication, labelledEnvironment);
  }
  if (namespace === undefined) {
    return {
      problem: "has no metadata.namespace and no secrets-portal.io/application and secrets-portal.io/environment labels",
      fix: "set metadata.namespace to the application's namespace for its environment",
    };
  }

  const matches = config.applications.flatMap((application) =>
    Object.entries(application.namespaces)
      .filter(([, candidate]) => candidate === namespace)
      .map(([environment]) => ({ application: application.name, environment, namespace })),
  );
  const [only] = matches;
  if (matches.length === 1 && only) return { scope: only };
  if (matches.length > 1) {
    const owners = matches.map((match) => `${match.application}/${match.environment}`).join(", ");
    return {
      problem: `is in namespace ${namespace}, which the configuration maps to several applications (${owners})`,
      fix: `add the labels ${APPLICATION_LABEL} and ${ENVIRONMENT_LABEL} to say which one owns it`,
    };
  }
  return {
    problem: `is in namespace ${namespace}, which belongs to no configured application`,
    fix: "move it to its application's namespace, or add the application and its namespaces to the portal configuration",
  };
}

function scopeFromLabels(config: PolicyConfigView, namespace: string | undefined, application: string, environment: string): ScopeResult {
  const configured = config.applications.find((candidate) => candidate.name === application);
  if (!configured) {
    return {
      problem: `is labelled for application ${application}, which is not configured`,
      fix: `fix the ${APPLICATION_LABEL} label or add the application to the portal configuration`,
    };
  }
  const expected = configured.namespaces[environment];
  if (expected === undefined) {
    return {
      problem: `is labelled for environment ${environment}, where application ${application} has no namespace`,
      fix: `fix the ${ENVIRONMENT_LABEL} label; ${application} has namespaces in ${Object.keys(configured.namespaces).join(", ")}`,
    };
  }
  if (namespace !== undefined && namespace !== expected) {
    return {
      problem: `is labelled for ${application} in ${environment} but sits in namespace ${namespace}`,
      fix: `move it to namespace ${expected}, the namespace of ${application} in ${environment}`,
    };
  }
  return { scope: { application, environment, namespace: expected } };
}

const NAME_MARKER = "\u0000";

/**
 * Returns the part of the provider name template before `{name}` and the part after it,
 * filled for one application and environment: `/dev/payments-api/` and `` by default.
 */
export function providerKeyAffixes(template: string, scope: Pick<ApplicationScope, "application" | "environment">): { prefix: string; suffix: string } {
  const filled = fillPlaceholders(
    template,
    { environment: scope.environment, application: scope.application, name: NAME_MARKER },
    "Provider name template",
  );
  const marker = filled.indexOf(NAME_MARKER);
  return { prefix: filled.slice(0, marker), suffix: filled.slice(filled.lastIndexOf(NAME_MARKER) + 1) };
}

/** Checks that `key` is a provider name this application may read: its prefix, some name, its suffix. */
export function isUnderPrefix(key: string, affixes: { prefix: string; suffix: string }): boolean {
  return (
    key.length > affixes.prefix.length + affixes.suffix.length && key.startsWith(affixes.prefix) && key.endsWith(affixes.suffix)
  );
}

export interface RefreshBounds {
  min: string;
  max: string;
  minSeconds: number;
  maxSeconds: number;
}

/**
 * Returns the refresh interval bounds of an environment: `refreshInterval.min` and `max`
 * when the configuration sets them, else the shortest and longest of its choices.
 */
export function refreshBounds(environment: EnvironmentConfig): RefreshBounds | null {
  const settings = environment.refreshInterval as EnvironmentConfig["refreshInterval"] & { min?: string; max?: string };
  const choices = settings.choices
    .map((choice) => ({ choice, seconds: durationSeconds(choice) }))
    .filter((entry): entry is { choice: string; seconds: number } => entry.seconds !== null)
    .sort((left, right) => left.seconds - right.seconds);

  const min = settings.min ?? choices[0]?.choice;
  const max = settings.max ?? choices.at(-1)?.choice;
  if (min === undefined || max === undefined) return null;

  const minSeconds = durationSeconds(min);
  const maxSeconds = durationSeconds(max);
  if (minSeconds === null || maxSeconds === null) return null;
  return { min, max, minSeconds, maxSeconds };
}
