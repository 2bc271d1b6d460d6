import "server-only";

import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";

import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";

const log = logger.child({ component: "aws" });

export interface SecretTag {
  key: string;
  value: string;
}

export interface CreateSecretInput {
  region: string;
  name: string;
  /** Held only for the duration of the call; never logged or stored by the portal. */
  value: string;
  kmsKeyId: string;
  description: string;
  tags: SecretTag[];
  clientRequestToken: string;
}

export interface PutSecretValueInput {
  region: string;
  /** Name or ARN of an existing secret. */
  secretId: string;
  /** Held only for the duration of the call; never logged or stored by the portal. */
  value: string;
  /** Makes a retried call return the version the first call created instead of adding another. */
  clientRequestToken: string;
}

export interface SecretDescription {
  arn: string;
  name: string;
  tags: SecretTag[];
  currentVersionId: string | null;
  deletedDate: Date | null;
}

export interface PasswordPolicy {
  length: number;
  excludeCharacters?: string;
  excludePunctuation?: boolean;
}

export type CreateSecretResult =
  | { outcome: "created"; arn: string; versionId: string }
  | { outcome: "exists"; existing: SecretDescription };

/** The portal's view of AWS Secrets Manager. The value goes in and never comes back out. */
export interface SecretsVault {
  createSecret(input: CreateSecretInput): Promise<CreateSecretResult>;
  /** Adds a version that becomes AWSCURRENT; the previous one moves to AWSPREVIOUS. */
  putSecretValue(input: PutSecretValueInput): Promise<{ arn: string; versionId: string }>;
  describeSecret(region: string, name: string): Promise<SecretDescription | null>;
  generatePassword(region: string, policy: PasswordPolicy): Promise<string>;
  checkAccess(region: string): Promise<void>;
}

export interface SecretsVaultOptions {
  /** Overrides the endpoint, as the sandbox does; production uses the SDK's default resolution. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/** Names the failure in words an operator can act on; AWS's own message is kept. */
export function toVaultError(error: unknown, operation: string, secretName: string): PortalError {
  if (!(error instanceof SecretsManagerServiceException)) {
    return new PortalError("UPSTREAM", `Secrets Manager ${operation} for "${secretName}" failed: ${(error as Error).message}`);
  }

  const message = `Secrets Manager ${operation} for "${secretName}" failed with ${error.name}: ${error.message}`;
  if (error.name === "InvalidRequestException" && /deletion/i.test(error.message)) {
    return new PortalError(
      "CONFLICT",
      `${message}. The name is scheduled for deletion: restore it with \`aws secretsmanager restore-secret --secret-id ${secretName}\` ` +
        "or wait until the recovery window ends, then retry.",
    );
  }
  if (error.name === "AccessDeniedException") {
    // AWS names the principal, the action and the resource ARN in the message; a denied
    // call fails the same way on every retry, so the error is final until someone acts.
    const action = /perform: (\S+)/.exec(error.message)?.[1] ?? `secretsmanager:${operation}`;
    const resource = /on resource: (\S+)/.exec(error.message)?.[1] ?? `the secret named ${secretName}`;
    return new PortalError(
      "FORBIDDEN",
      `${message}. Grant the portal's role ${action} on ${resource} (and kms:GenerateDataKey and kms:Encrypt on the ` +
        "environment's KMS key), then retry.",
    );
  }
  return new PortalError("UPSTREAM", message);
}

export function createSecretsVault(options: SecretsVaultOptions = {}): SecretsVault {
  const clients = new Map<string, SecretsManagerClient>();

  function clientFor(region: string): SecretsManagerClient {
    let client = clients.get(region);
    if (!client) {
      client = new SecretsManagerClient({
        region,
        endpoint: options.endpoint,
        credentials: options.credentials,
        maxAttempts: options.maxAttempts ?? 5,
        // Without timeouts a hung connection would hold a job until its lease ran out.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      });
      clients.set(region, client);
    }
    return client;
  }

  async function describeSecret(region: string, name: string): Promise<SecretDescription | null> {
    try {
      const output = await clientFor(region).send(new DescribeSecretCommand({ SecretId: name }));
      const currentVersionId =
        Object.entries(output.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0] ?? null;
      return {
        arn: output.ARN ?? "",
        name: output.Name ?? name,
        tags: (output.Tags ?? []).map((tag) => ({ key: tag.Key ?? "", value: tag.Value ?? "" })),
        currentVersionId,
        deletedDate: output.DeletedDate ?? null,
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw toVaultError(error, "DescribeSecret", name);
    }
  }

  return {
    async createSecret(input) {
      try {
        const output = await clientFor(input.region).send(
          new CreateSecretCommand({
            Name: input.name,
            SecretString: input.value,
            KmsKeyId: input.kmsKeyId,
            Description: input.description,
            Tags: input.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
            ClientRequestToken: input.clientRequestToken,
          }),
        );
        log.info({ secretName: input.name, arn: output.ARN, versionId: output.VersionId }, "secret created");
        return { outcome: "created", arn: output.ARN ?? "", versionId: output.VersionId ?? "" };
      } catch (error) {
        if (!(error instanceof ResourceExistsException)) throw toVaultError(error, "CreateSecret", input.name);
        const existing = await describeSecret(input.region, input.name);
        if (!existing) throw toVaultError(error, "CreateSecret", input.name);
        return { outcome: "exists", existing };
      }
    },

    async putSecretValue(input) {
      try {
        const output = await clientFor(input.region).send(
          new PutSecretValueCommand({
            SecretId: input.secretId,
            SecretString: input.value,
            ClientRequestToken: input.clientRequestToken,
          }),
        );
        log.info({ secretName: input.secretId, arn: output.ARN, versionId: output.VersionId }, "secret version added");
        return { arn: output.ARN ?? "", versionId: output.VersionId ?? "" };
      } catch (error) {
        throw toVaultError(error, "PutSecretValue", input.secretId);
      }
    },

    describeSecret,

    async generatePassword(region, policy) {
      try {
        const output = await clientFor(region).send(
          new GetRandomPasswordCommand({
            PasswordLength: policy.length,
            ExcludeCharacters: policy.excludeCharacters,
            ExcludePunctuation: policy.excludePunctuation,
            RequireEachIncludedType: true,
          }),
        );
        if (!output.RandomPassword) throw new PortalError("UPSTREAM", "Secrets Manager GetRandomPassword returned no password.");
        return output.RandomPassword;
      } catch (error) {
        if (error instanceof PortalError) throw error;
        throw toVaultError(error, "GetRandomPassword", "(password)");
      }
    },

    async checkAccess(region) {
      try {
        await clientFor(region).send(new ListSecretsCommand({ MaxResults: 1 }));
      } catch (error) {
        throw toVaultError(error, "ListSecrets", "(any)");
      }
    },
  };
}
