import "server-only";

import { recordAuditEvent, type AuditOrigin } from "@/lib/audit/record-event";
import type { Actor } from "@/lib/auth/roles";
import { authorizeCreateRequest } from "@/lib/authz";
import { isUniqueViolation } from "@/lib/db";
import { PortalError, validationError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { requestsCreatedTotal } from "@/lib/metrics";
import { assertRequestPolicy } from "@/lib/policy/assert-request-policy";
import type { EnvironmentConfig, PortalConfig } from "@/lib/config/schema";
import { generatedKeysOf } from "@/lib/manifests/secret-types";
import { goDurationSeconds } from "@/lib/naming/go-duration";
import { renderProviderName, validateProviderName } from "@/lib/naming/provider-name";
import type { Services } from "@/lib/services";

import { openRequestPullRequest } from "./open-pull-request";
import { newRequestSchema, toFormErrors, type NewRequestInput } from "./request-schema";
import type { ValuePolicy } from "./value-policy";

const log = logger.child({ component: "requests" });

/**
 * Validates a new request against the schema, the configuration and the actor's
 * applications, reserves its provider name, records it and opens its pull request.
 * A GitHub failure leaves the request in PR_FAILED with a retry action; every other
 * failure throws a PortalError that names the field.
 */
export async function createSecretRequest(
  services: Services,
  actor: Actor,
  rawInput: unknown,
  origin: AuditOrigin = {},
): Promise<{ id: string }> {
  const { config, db } = services;

  const parsed = newRequestSchema.safeParse(rawInput);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = toFormErrors(parsed.error);
    throw new PortalError("VALIDATION", formErrors[0] ?? "Some fields are invalid; see the messages next to them.", fieldErrors);
  }
  const input = parsed.data;

  const environment = config.environments.find((candidate) => candidate.name === input.environment);
  if (!environment) {
    const known = config.environments.map((candidate) => candidate.name).join(", ");
    throw validationError("environment", `Environment "${input.environment}" is not configured; choose one of ${known}.`);
  }
  const application = config.applications.find((candidate) => candidate.name === input.application);
  if (!application) {
    throw validationError("application", `Application "${input.application}" is not configured; choose one of your applications.`);
  }
  authorizeCreateRequest(actor, application.name);

  checkRefreshBounds(environment, input.refreshInterval);
  const keyPolicies = resolveKeyPolicies(config, input);

  if (!environment.refreshInterval.choices.includes(input.refreshInterval)) {
    throw validationError(
      "refreshInterval",
      `Refresh interval "${input.refreshInterval}" is not allowed in ${environment.name}; choose one of ${environment.refreshInterval.choices.join(", ")}.`,
    );
  }

  const providerName = renderProviderName(config.providerNameTemplate, {
    environment: environment.name,
    application: application.name,
    name: input.secretName,
  });
  const problems = validateProviderName(providerName);
  if (problems.length > 0) {
    throw validationError("secretName", `The secret would be stored as "${providerName}", which ${problems.join("; ")}.`);
  }
  assertRequestPolicy(config, input);
  await assertNameIsFree(services, environment.awsRegion, providerName);

  const namespace = application.namespaces[environment.name];
  if (!namespace) throw validationError("environment", `Application "${application.name}" has no namespace in ${environment.name}.`);

  let requestId: string;
  try {
    requestId = await db.$transaction(async (tx) => {
      const request = await tx.secretRequest.create({
        data: {
          environment: environment.name,
          application: application.name,
          secretName: input.secretName,
          providerName,
          activeProviderName: providerName,
          namespace,
          kubernetesName: input.secretName,
          secretType: input.secretType,
          keyNames: input.keys,
          valueSource: input.valueSource === "custodian" ? "CUSTODIAN" : "GENERATED",
          refreshInterval: input.refreshInterval,
          labels: input.labels ?? {},
          annotations: input.annotations ?? {},
          keyPolicies,
          useDataFrom: input.useDataFrom,
          username: input.username || null,
          description: input.description,
          justification: input.justification ?? "",
          status: "OPENING_PR",
          requesterId: actor.userId,
        },
      });
      await recordAuditEvent(tx, {
        requestId: request.id,
        actor: actor.login,
        action: "request.created",
        detail: {
          providerName,
          environment: environment.name,
          application: application.name,
          keys: input.keys,
          secretType: input.secretType,
          valueSource: input.valueSource,
        },
        origin,
      });
      return request.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTakenError(providerName);
    throw error;
  }

  requestsCreatedTotal.inc();
  log.info({ requestId, providerName, actor: actor.login }, "request created");
  await openRequestPullRequest(services, requestId, actor.login);
  return { id: requestId };
}

function checkRefreshBounds(environment: EnvironmentConfig, refreshInterval: string): void {
  const { min, max } = environment.refreshInterval;
  const seconds = goDurationSeconds(refreshInterval) ?? 0;
  if (seconds < (goDurationSeconds(min) ?? 0) || seconds > (goDurationSeconds(max) ?? Infinity)) {
    throw validationError(
      "refreshInterval",
      `Refresh interval "${refreshInterval}" is outside ${environment.name}'s bounds of ${min} to ${max}; choose one of ${environment.refreshInterval.choices.join(", ")}.`,
    );
  }
}

/** Gives every generated key a policy (the requested one or the configured default) and checks the minimum length. */
function resolveKeyPolicies(config: PortalConfig, input: NewRequestInput): Record<string, ValuePolicy> {
  if (input.valueSource !== "generated") return {};

  const { defaultPolicy, minLength } = config.generatedValues;
  const policies: Record<string, ValuePolicy> = {};
  for (const key of generatedKeysOf(input.secretType, input.keys)) {
    const policy = input.keyPolicies?.[key] ?? defaultPolicy;
    if (policy.length < minLength) {
      throw validationError("keyPolicies", `Key "${key}" would get ${policy.length} characters; generated values need at least ${minLength}.`);
    }
    policies[key] = policy;
  }
  return policies;
}

function nameTakenError(providerName: string, detail = "another open or provisioned request already uses it"): PortalError {
  return validationError("secretName", `The name "${providerName}" is taken: ${detail}. Choose another secret name.`);
}

async function assertNameIsFree(services: Services, region: string, providerName: string): Promise<void> {
  const pending = await services.db.secretRequest.findUnique({
    where: { activeProviderName: providerName },
    select: { id: true, status: true },
  });
  if (pending) throw nameTakenError(providerName, `request ${pending.id} (${pending.status.toLowerCase()}) already uses it`);

  const existing = await services.vault.describeSecret(region, providerName);
  if (existing?.deletedDate) {
    throw nameTakenError(providerName, "a secret with this name is scheduled for deletion in AWS Secrets Manager");
  }
  if (existing) throw nameTakenError(providerName, "a secret with this name already exists in AWS Secrets Manager");
}
