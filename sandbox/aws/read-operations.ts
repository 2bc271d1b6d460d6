import { AwsError, invalidRequest } from "./aws-error";
import type { OperationHandler } from "./operation-context";
import { compact, readSecretId, requireActiveSecret, requireSecret, toEpochSeconds } from "./operation-context";
import { pageOf } from "./pagination";
import { RequestReader } from "./request-reader";
import type { StoredSecret, StoredVersion } from "./secret-store";
import { CURRENT, findVersionById, findVersionByStage, versionIdsToStages } from "./secret-versions";

// DescribeSecret, GetSecretValue and ListSecretVersionIds.

const DAY_MS = 24 * 60 * 60 * 1000;

// Metadata members shared by DescribeSecret and ListSecrets entries.
export function describeMetadata(secret: StoredSecret): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    // Omitted for the AWS managed key aws/secretsmanager, as AWS does.
    KmsKeyId: secret.kmsKeyId,
    LastChangedDate: toEpochSeconds(secret.lastChangedDate),
    LastAccessedDate: secret.lastAccessedDate === undefined ? undefined : toEpochSeconds(secret.lastAccessedDate),
    DeletedDate: secret.deletedDate === undefined ? undefined : toEpochSeconds(secret.deletedDate),
    Tags: secret.tags.length > 0 ? secret.tags : undefined,
    CreatedDate: toEpochSeconds(secret.createdDate),
  };
}

export const describeSecret: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  reader.finish();

  const secret = requireSecret(context, secretId);
  return compact({ ...describeMetadata(secret), VersionIdsToStages: versionIdsToStages(secret) });
};

function selectVersion(secret: StoredSecret, versionId: string | undefined, versionStage: string | undefined): StoredVersion {
  if (versionId !== undefined) {
    const version = findVersionById(secret, versionId);
    if (!version) throw new AwsError("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
    if (versionStage !== undefined && !version.stages.includes(versionStage)) {
      throw invalidRequest("You provided a VersionStage that is not associated to the provided VersionId.");
    }
    return version;
  }

  const stage = versionStage ?? CURRENT;
  const version = findVersionByStage(secret, stage);
  if (!version) throw new AwsError("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
  return version;
}

export const getSecretValue: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const versionId = reader.string("VersionId", { min: 32, max: 64 });
  const versionStage = reader.string("VersionStage", { min: 1, max: 256 });
  reader.finish();

  const secret = requireActiveSecret(context, secretId);
  const version = selectVersion(secret, versionId, versionStage);

  // AWS records the last access as a date without a time of day.
  const today = Math.floor(context.store.now() / DAY_MS) * DAY_MS;
  if (secret.lastAccessedDate !== today) {
    secret.lastAccessedDate = today;
    context.store.save();
  }

  return compact({
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    SecretString: version.secretString,
    SecretBinary: version.secretBinary,
    VersionStages: [...version.stages],
    CreatedDate: toEpochSeconds(version.createdDate),
  });
};

export const listSecretVersionIds: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const maxResults = reader.integer("MaxResults", { min: 1, max: 100 });
  const nextToken = reader.string("NextToken", { min: 1, max: 4096 });
  const includeDeprecated = reader.boolean("IncludeDeprecated") ?? false;
  reader.finish();

  const secret = requireSecret(context, secretId);
  const versions = secret.versions
    .filter((version) => includeDeprecated || version.stages.length > 0)
    .sort((a, b) => b.createdDate - a.createdDate);
  const page = pageOf(versions, maxResults, nextToken);

  return compact({
    Versions: page.items.map((version) => ({
      VersionId: version.versionId,
      VersionStages: [...version.stages],
      CreatedDate: toEpochSeconds(version.createdDate),
    })),
    NextToken: page.nextToken,
    ARN: secret.arn,
    Name: secret.name,
  });
};
