import "server-only";

import { randomUUID } from "node:crypto";

import { recordAuditEvent, type AuditOrigin } from "@/lib/audit/record-event";
import type { Actor } from "@/lib/auth/roles";
import { authorizeListAllRequests, authorizeRequestAction } from "@/lib/authz";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { generateSecretValue } from "./generate-secret-value";

const log = logger.child({ component: "rotation" });

const DAY_MS = 24 * 60 * 60 * 1000;

/** Most rows the stale-secrets page shows; rotating the oldest brings the next ones in. */
const STALE_LIST_MAX = 500;

const DURATION_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Converts a Go duration such as `1h30m` to milliseconds, or returns null when it does not parse. */
export function durationMs(duration: string): number | null {
  const parts = [...duration.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== duration) return null;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (DURATION_UNIT_MS[unit ?? ""] ?? 0), 0);
}

/**
 * Computes the latest time by which External Secrets Operator reads a value changed at `changedAt`:
 * it re-reads the secret once per refresh interval, so the next read falls within one
 * interval. Returns null when the interval does not parse.
 */
export function nextRefreshBy(changedAt: Date, refreshInterval: string): Date | null {
  const interval = durationMs(refreshInterval);
  return interval === null ? null : new Date(changedAt.getTime() + interval);
}

export interface RotationResult {
  arn: string;
  versionId: string;
  previousVersionId: string | null;
  rotatedAt: Date;
  nextRefreshBy: Date | null;
}

/**
 * Gives a provisioned, generated secret a new value: one PutSecretValue call, which moves
 * AWSCURRENT to the new version and AWSPREVIOUS to the old one. Pods see the new value
 * after External Secrets Operator's next refresh and a restart or re-read of the Secret.
 */
export async function rotateSecret(services: Services, actor: Actor, requestId: string, origin: AuditOrigin = {}): Promise<RotationResult> {
  const request = await services.db.secretRequest.findUnique({ where: { id: requestId } });
  authorizeRequestAction(actor, "rotate", request);
  if (!request) throw new PortalError("NOT_FOUND", "Request not found.");

  if (request.valueSource !== "GENERATED") {
    throw new PortalError("CONFLICT", "A custodian supplies this secret's value; ask a custodian to enter a new one.");
  }
  if (request.status !== "PROVISIONED" || !request.secretArn) {
    throw new PortalError("CONFLICT", `Only a provisioned secret can be rotated; this request is ${request.status.toLowerCase().replace(/_/g, " ")}.`);
  }
  const environment = services.config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) throw new PortalError("CONFLICT", `Environment "${request.environment}" is no longer configured.`);

  // A fresh token per rotation: the SDK repeats it on its own retries, so a retried call
  // cannot add a second version.
  const { arn, versionId } = await services.vault.putSecretValue({
    region: environment.awsRegion,
    secretId: request.secretArn,
    value: await generateSecretValue(services, environment.awsRegion, request),
    clientRequestToken: randomUUID(),
  });

  const rotatedAt = new Date();
  await services.db.$transaction(async (tx) => {
    await tx.secretRequest.update({ where: { id: request.id }, data: { secretVersionId: versionId, rotatedAt } });
    await recordAuditEvent(tx, {
      requestId: request.id,
      actor: actor.login,
      action: "secret.rotated",
      detail: { arn, versionId, previousVersionId: request.secretVersionId },
      origin,
    });
  });
  log.info({ requestId, arn, versionId, actor: actor.login }, "secret rotated");

  return { arn, versionId, previousVersionId: request.secretVersionId, rotatedAt, nextRefreshBy: nextRefreshBy(rotatedAt, request.refreshInterval) };
}

/** When the value last changed: the last rotation or custodian value, else provisioning. */
export function lastValueChange(request: Pick<SecretRequest, "rotatedAt" | "provisionedAt">): Date | null {
  return request.rotatedAt ?? request.provisionedAt;
}

export type StaleSecret = SecretRequest & { requester: { login: string; name: string }; lastChangedAt: Date; ageDays: number };

/**
 * Lists provisioned secrets whose value last changed more than `rotation.maxAgeDays` ago,
 * oldest first, for the platform and security teams.
 */
export async function listStaleSecrets(services: Services, actor: Actor, now: Date = new Date()): Promise<StaleSecret[]> {
  authorizeListAllRequests(actor);

  const cutoff = new Date(now.getTime() - services.config.rotation.maxAgeDays * DAY_MS);
  const requests = await services.db.secretRequest.findMany({
    where: {
      status: "PROVISIONED",
      OR: [{ rotatedAt: { lt: cutoff } }, { rotatedAt: null, provisionedAt: { lt: cutoff } }],
    },
    include: { requester: { select: { login: true, name: true } } },
    orderBy: { provisionedAt: "asc" },
    take: STALE_LIST_MAX,
  });

  return requests
    .map((request) => {
      const lastChangedAt = lastValueChange(request) ?? request.createdAt;
      return { ...request, lastChangedAt, ageDays: Math.floor((now.getTime() - lastChangedAt.getTime()) / DAY_MS) };
    })
    .sort((a, b) => a.lastChangedAt.getTime() - b.lastChangedAt.getTime());
}
