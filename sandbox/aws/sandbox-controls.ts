import { z } from "zod";

import { AwsError } from "./aws-error";
import { OPERATIONS } from "./operations";
import type { SecretStore } from "./secret-store";
import { versionIdsToStages } from "./secret-versions";

// State and request handling for the plain-JSON endpoints under /_sandbox/: injected
// faults, added latency, a value-free listing of secrets for the sandbox UI, and health.

// Exceptions that Secrets Manager models carry `Message`; any other injected error uses
// the front end's `message`.
const MODELLED_ERRORS = new Set([
  "DecryptionFailure",
  "EncryptionFailure",
  "InternalServiceError",
  "InvalidNextTokenException",
  "InvalidParameterException",
  "InvalidRequestException",
  "LimitExceededException",
  "MalformedPolicyDocumentException",
  "PreconditionNotMetException",
  "PublicPolicyException",
  "ResourceExistsException",
  "ResourceNotFoundException",
]);

const DEFAULT_STATUS: Readonly<Record<string, number>> = {
  InternalServiceError: 500,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

const operationName = z
  .string()
  .refine((name) => name === "*" || name in OPERATIONS, {
    message: `must be "*" or one of ${Object.keys(OPERATIONS).join(", ")}`,
  });

const faultSchema = z.object({
  operation: operationName,
  count: z.number().int().min(1).max(10_000).default(1),
  error: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be an AWS error code such as ThrottlingException"),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().max(1000).optional(),
});

const latencySchema = z.object({
  operation: operationName,
  ms: z.number().int().min(0).max(60_000),
});

type FaultRule = z.infer<typeof faultSchema>;

export interface ControlResponse {
  status: number;
  body?: unknown;
}

export interface FaultRequest {
  operation: string;
  callerArn: string;
  resource: string;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ");
}

export class SandboxControls {
  private readonly faults = new Map<string, FaultRule>();
  private readonly latencies = new Map<string, number>();

  constructor(
    private readonly store: SecretStore,
    private readonly identity: { region: string; accountId: string },
  ) {}

  latencyFor(operation: string): number {
    return this.latencies.get(operation) ?? this.latencies.get("*") ?? 0;
  }

  // Consumes one injected failure for the operation, if any is left, and builds the error
  // AWS would send for it.
  takeFault(request: FaultRequest): AwsError | undefined {
    const key = this.faults.has(request.operation) ? request.operation : "*";
    const rule = this.faults.get(key);
    if (!rule) return undefined;

    rule.count -= 1;
    if (rule.count <= 0) this.faults.delete(key);
    return this.faultError(rule, request);
  }

  handle(method: string, pathname: string, body: unknown): ControlResponse {
    const route = `${method} ${pathname}`;

    switch (route) {
      case "GET /_sandbox/health":
        return { status: 200, body: { status: "ok", region: this.identity.region, accountId: this.identity.accountId, secrets: this.store.list().length } };
      case "GET /_sandbox/secrets":
        return { status: 200, body: { secrets: this.listSecrets() } };
      case "POST /_sandbox/faults":
        return this.addFault(body);
      case "DELETE /_sandbox/faults":
        this.faults.clear();
        this.latencies.clear();
        return { status: 204 };
      case "POST /_sandbox/latency":
        return this.setLatency(body);
      case "DELETE /_sandbox/latency":
        this.latencies.clear();
        return { status: 204 };
      case "POST /_sandbox/reset":
        this.faults.clear();
        this.latencies.clear();
        this.store.clear();
        this.store.save();
        return { status: 204 };
      default:
        return { status: 404, body: { error: `No sandbox endpoint ${route}. See sandbox/aws/README.md for the list.` } };
    }
  }

  private addFault(body: unknown): ControlResponse {
    const parsed = faultSchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: { error: `Invalid fault: ${describeIssues(parsed.error)}.` } };

    this.faults.set(parsed.data.operation, { ...parsed.data });
    return { status: 201, body: { fault: parsed.data } };
  }

  private setLatency(body: unknown): ControlResponse {
    const parsed = latencySchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: { error: `Invalid latency: ${describeIssues(parsed.error)}.` } };

    if (parsed.data.ms === 0) this.latencies.delete(parsed.data.operation);
    else this.latencies.set(parsed.data.operation, parsed.data.ms);
    return { status: 200, body: { latency: parsed.data } };
  }

  private faultError(rule: FaultRule, request: FaultRequest): AwsError {
    const status = rule.status ?? DEFAULT_STATUS[rule.error] ?? 400;
    const messageKey = MODELLED_ERRORS.has(rule.error) ? "Message" : "message";
    return new AwsError(rule.error, rule.message ?? this.defaultMessage(rule.error, request), { status, messageKey });
  }

  private defaultMessage(error: string, request: FaultRequest): string {
    const action = `secretsmanager:${request.operation}`;
    if (error === "ThrottlingException") return "Rate exceeded";
    if (error === "InternalServiceError") return "An error occurred on the server side.";
    if (error === "AccessDeniedException") {
      return `User: ${request.callerArn} is not authorized to perform: ${action} on resource: ${request.resource} because no identity-based policy allows the ${action} action`;
    }
    return `The sandbox injected ${error} into this ${request.operation} call.`;
  }

  // Names, ARNs, version ids and tags only: the sandbox UI must never see a value.
  private listSecrets(): unknown[] {
    return this.store.list().map((secret) => ({
      name: secret.name,
      arn: secret.arn,
      description: secret.description,
      kmsKeyId: secret.kmsKeyId,
      tags: secret.tags,
      createdDate: new Date(secret.createdDate).toISOString(),
      lastChangedDate: new Date(secret.lastChangedDate).toISOString(),
      deletedDate: secret.deletedDate === undefined ? undefined : new Date(secret.deletedDate).toISOString(),
      versionIdsToStages: versionIdsToStages(secret) ?? {},
      versions: secret.versions.map((version) => ({
        versionId: version.versionId,
        stages: [...version.stages],
        createdDate: new Date(version.createdDate).toISOString(),
      })),
    }));
  }
}
