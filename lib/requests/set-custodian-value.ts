import "server-only";

import { randomUUID } from "node:crypto";

import { recordAuditEvent, type AuditOrigin } from "@/lib/audit/record-event";
import type { Actor } from "@/lib/auth/roles";
import { authorizeRequestAction } from "@/lib/authz";
import type { SecretRequest } from "@/lib/db";
import { PortalError, validationError } from "@/lib/errors";
import { enqueueJob, notifyJobEnqueued } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { REQUEST_ID_TAG, secretTags } from "./provision-secret";
import { checkTlsKeyPair, type CertificateFacts } from "./tls";

const log = logger.child({ component: "custodian" });

/** Input style of one field of the write-only form; no field is ever pre-filled. */
export type CustodianFieldKind = "secret" | "text" | "certificate" | "private-key";

export interface CustodianField {
  /** The form field name: `value:` and the property of the JSON secret. */
  name: string;
  key: string;
  label: string;
  kind: CustodianFieldKind;
  hint?: string;
}

const FIELD_PREFIX = "value:";

/** Secrets Manager stores at most 65,536 bytes in SecretString. */
const SECRET_STRING_MAX_BYTES = 65_536;

const REGISTRY_PATTERN = /^(https?:\/\/)?[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[^\s]*)?$/;

function field(key: string, label: string, kind: CustodianFieldKind, hint?: string): CustodianField {
  return { name: `${FIELD_PREFIX}${key}`, key, label, kind, hint };
}

/**
 * Lists the inputs of the custodian form for a request. The properties match what the
 * ExternalSecret reads: `tls.crt`/`tls.key` for TLS, and `registry`, `username` and
 * `password` for the `.dockerconfigjson` template of registry credentials.
 */
export function custodianFields(request: Pick<SecretRequest, "secretType" | "keyNames">): CustodianField[] {
  switch (request.secretType) {
    case "kubernetes.io/tls":
      return [
        field("tls.crt", "Certificate (PEM)", "certificate", "The leaf certificate first, then any intermediate certificates."),
        field("tls.key", "Private key (PEM)", "private-key", "Unencrypted PKCS#8, PKCS#1 or SEC1 key that matches the certificate."),
      ];
    case "kubernetes.io/dockerconfigjson":
      return [
        field("registry", "Registry", "text", "Host name of the registry, such as ghcr.io or registry.example.com:5000."),
        field("username", "Username", "text"),
        field("password", "Password or access token", "secret"),
      ];
    case "kubernetes.io/ssh-auth":
      return request.keyNames.map((key) => field(key, key, key === "ssh-privatekey" ? "private-key" : "secret"));
    default:
      return request.keyNames.map((key) => field(key, key, key === "username" ? "text" : "secret"));
  }
}

/** The JSON document for Secrets Manager and, for TLS, the certificate's public facts. */
interface CustodianValue {
  secretString: string;
  certificate: CertificateFacts | null;
}

function normalizePem(pem: string): string {
  return `${pem.replace(/\r\n?/g, "\n").trim()}\n`;
}

/** Validates the submitted fields and builds the value; messages name the field, never its content. */
export function buildCustodianValue(
  request: Pick<SecretRequest, "secretType" | "keyNames">,
  submitted: Readonly<Record<string, string | undefined>>,
  now: Date = new Date(),
): CustodianValue {
  const fields = custodianFields(request);
  const values: Record<string, string> = {};
  const missing: Record<string, string[]> = {};

  for (const input of fields) {
    const raw = submitted[input.name] ?? "";
    if (raw.trim() === "") {
      missing[input.name] = [`${input.label} is required; enter the value for key "${input.key}".`];
      continue;
    }
    values[input.key] = input.kind === "certificate" || input.kind === "private-key" ? normalizePem(raw) : raw;
  }
  if (Object.keys(missing).length > 0) {
    throw new PortalError("VALIDATION", "Some values are missing; see the messages next to the fields.", missing);
  }

  for (const input of fields) {
    const value = values[input.key] ?? "";
    if (input.kind === "text" && /[\p{Cc}]/u.test(value)) {
      throw validationError(input.name, `${input.label} must not contain line breaks or control characters; retype it.`);
    }
  }
  if (request.secretType === "kubernetes.io/dockerconfigjson" && !REGISTRY_PATTERN.test(values.registry ?? "")) {
    throw validationError(`${FIELD_PREFIX}registry`, "Registry must be a host name with an optional port and path, such as ghcr.io or registry.example.com:5000.");
  }

  let certificate: CertificateFacts | null = null;
  if (request.secretType === "kubernetes.io/tls") {
    certificate = checkTlsKeyPair(values["tls.crt"] ?? "", values["tls.key"] ?? "", { certificate: `${FIELD_PREFIX}tls.crt`, key: `${FIELD_PREFIX}tls.key` }, now);
  }

  const secretString = JSON.stringify(values);
  if (Buffer.byteLength(secretString, "utf8") > SECRET_STRING_MAX_BYTES) {
    throw new PortalError("VALIDATION", `The values add up to more than ${SECRET_STRING_MAX_BYTES} bytes, the most Secrets Manager stores in one secret; shorten them or split the secret.`);
  }
  return { secretString, certificate };
}

export interface CustodianValueResult {
  arn: string;
  versionId: string;
  /** True when this call created the secret, false when it added a version. */
  created: boolean;
}

/**
 * Stores a custodian's value in Secrets Manager: CreateSecret for the first value of a
 * request in AWAITING_VALUE, PutSecretValue for a later one. The value lives only in this
 * call's arguments; the request keeps the ARN, version id and certificate facts.
 */
export async function setCustodianValue(
  services: Services,
  actor: Actor,
  requestId: string,
  submitted: Readonly<Record<string, string | undefined>>,
  origin: AuditOrigin = {},
): Promise<CustodianValueResult> {
  const request = await services.db.secretRequest.findUnique({ where: { id: requestId }, include: { requester: true } });
  authorizeRequestAction(actor, "set-value", request);
  if (!request) throw new PortalError("NOT_FOUND", "Request not found.");

  if (request.valueSource !== "CUSTODIAN") {
    throw new PortalError("CONFLICT", "This secret's value is generated by policy, so nobody types it in; rotate it to get a new value.");
  }
  const first = request.status === "AWAITING_VALUE";
  if (!first && !(request.status === "PROVISIONED" && request.secretArn)) {
    throw new PortalError(
      "CONFLICT",
      `A value can be set once the pull request is merged; this request is ${request.status.toLowerCase().replace(/_/g, " ")}.`,
    );
  }
  const environment = services.config.environments.find((candidate) => candidate.name === request.environment);
  if (!environment) throw new PortalError("CONFLICT", `Environment "${request.environment}" is no longer configured.`);

  const value = await checkedValue(services, actor, request, submitted, origin);

  let result: CustodianValueResult;
  if (first) {
    result = await createFirstVersion(services, request, environment, value.secretString);
  } else {
    const put = await services.vault.putSecretValue({
      region: environment.awsRegion,
      secretId: request.secretArn ?? request.providerName,
      value: value.secretString,
      clientRequestToken: randomUUID(),
    });
    result = { ...put, created: false };
  }

  await recordValue(services, actor, request, result, value.certificate, origin);
  if (first) notifyJobEnqueued();
  log.info({ requestId, arn: result.arn, versionId: result.versionId, actor: actor.login, created: result.created }, "custodian value stored");
  return result;
}

/**
 * Builds the value to store, and records a rejected submission in the audit trail. The
 * validation messages name fields and certificate facts, never the submitted text.
 */
async function checkedValue(
  services: Services,
  actor: Actor,
  request: SecretRequest,
  submitted: Readonly<Record<string, string | undefined>>,
  origin: AuditOrigin,
): Promise<ReturnType<typeof buildCustodianValue>> {
  try {
    return buildCustodianValue(request, submitted);
  } catch (error) {
    if (!(error instanceof PortalError) || error.code !== "VALIDATION") throw error;
    log.warn({ requestId: request.id, actor: actor.login, fields: Object.keys(error.fieldErrors) }, "custodian value rejected");
    await recordAuditEvent(services.db, {
      requestId: request.id,
      actor: actor.login,
      action: "secret.value_rejected",
      detail: { reason: error.message, problems: error.fieldErrors },
      origin,
    });
    throw error;
  }
}

async function createFirstVersion(
  services: Services,
  request: SecretRequest & { requester: { login: string } },
  environment: { awsRegion: string; kmsKeyId: string },
  secretString: string,
): Promise<CustodianValueResult> {
  const created = await services.vault.createSecret({
    region: environment.awsRegion,
    name: request.providerName,
    value: secretString,
    kmsKeyId: environment.kmsKeyId,
    description: `Secrets Portal request ${request.id}: ${request.description}`.slice(0, 2048),
    tags: secretTags(request),
    clientRequestToken: request.id,
  });
  if (created.outcome === "created") return { arn: created.arn, versionId: created.versionId, created: true };

  const owner = created.existing.tags.find((tag) => tag.key === REQUEST_ID_TAG)?.value;
  if (owner !== request.id) {
    throw new PortalError(
      "CONFLICT",
      `A secret named ${request.providerName} already exists in Secrets Manager (${created.existing.arn}) and belongs to ` +
        `${owner ? `request ${owner}` : "no portal request"}. Ask the platform team to remove or rename it, then submit again.`,
    );
  }

  // The secret is this request's own, left by an earlier submission that stopped before
  // the database was updated, or by a custodian submitting at the same moment. This
  // value must become current either way, so it goes in as a new version.
  const put = await services.vault.putSecretValue({
    region: environment.awsRegion,
    secretId: created.existing.arn,
    value: secretString,
    clientRequestToken: randomUUID(),
  });
  return { ...put, created: false };
}

async function recordValue(
  services: Services,
  actor: Actor,
  request: SecretRequest,
  result: CustodianValueResult,
  certificate: CertificateFacts | null,
  origin: AuditOrigin,
): Promise<void> {
  const now = new Date();
  const certificateData = certificate
    ? { certificateSubject: certificate.subject, certificateIssuer: certificate.issuer, certificateNotAfter: certificate.notAfter }
    : {};

  await services.db.$transaction(async (tx) => {
    const provisioned = await tx.secretRequest.updateMany({
      where: { id: request.id, status: "AWAITING_VALUE" },
      data: { status: "PROVISIONED", statusDetail: null, secretArn: result.arn, secretVersionId: result.versionId, provisionedAt: now, ...certificateData },
    });
    if (provisioned.count === 0) {
      await tx.secretRequest.update({
        where: { id: request.id },
        data: { secretArn: result.arn, secretVersionId: result.versionId, rotatedAt: now, ...certificateData },
      });
    }

    await recordAuditEvent(tx, {
      requestId: request.id,
      actor: actor.login,
      action: provisioned.count > 0 ? "secret.provisioned" : "secret.value_replaced",
      detail: {
        arn: result.arn,
        versionId: result.versionId,
        source: "custodian",
        ...(certificate ? { certificateSubject: certificate.subject, certificateNotAfter: certificate.notAfter.toISOString() } : {}),
      },
      origin,
    });
    if (provisioned.count > 0) {
      await enqueueJob(tx, "comment-pull-request", { requestId: request.id, template: "provisioned" }, { dedupeKey: `comment:provisioned:${request.id}` });
    }
  });
}
