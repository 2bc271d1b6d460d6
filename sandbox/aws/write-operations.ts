import { randomUUID } from "node:crypto";

import { AwsError, frontEndError, invalidParameter, invalidRequest, versionExists } from "./aws-error";
import type { OperationHandler } from "./operation-context";
import { compact, readSecretId, requireActiveSecret } from "./operation-context";
import { RequestReader } from "./request-reader";
import type { StoredSecret } from "./secret-store";
import { CURRENT, addVersion, findVersionById, readSecretValue, sameValue, type SecretValue } from "./secret-versions";
import { checkTagRules, mergeTags } from "./tag-operations";

// CreateSecret and PutSecretValue: the two operations that store a value.

const NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]+$/;

function checkOneValueKind(value: SecretValue | undefined): void {
  if (value?.secretString !== undefined && value.secretBinary !== undefined) {
    throw invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
}

// With an existing version id as ClientRequestToken, the same value makes the call a no-op
// and a different value is rejected, because versions are immutable.
function replayVersion(secret: StoredSecret, token: string | undefined, value: SecretValue | undefined): { versionId: string; stages: string[] } | undefined {
  if (token === undefined || value === undefined) return undefined;

  const version = findVersionById(secret, token);
  if (!version) return undefined;
  if (!sameValue(version, value)) throw versionExists();
  return { versionId: version.versionId, stages: [...version.stages] };
}

export const createSecret: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const name = reader.string("Name", { required: true, min: 1, max: 512 }) ?? "";
  const token = reader.string("ClientRequestToken", { min: 32, max: 64 });
  const description = reader.string("Description", { max: 2048 });
  const kmsKeyId = reader.string("KmsKeyId", { max: 2048 });
  const value = readSecretValue(reader, input);
  const tags = reader.tags("Tags") ?? [];
  reader.finish();

  if (!NAME_CHARACTERS.test(name)) {
    // AWS's own message lists '!' although its documentation does not allow it in names.
    throw frontEndError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
  }
  checkOneValueKind(value);
  checkTagRules(mergeTags([], tags));

  const existing = context.store.findByName(name);
  if (existing) {
    if (existing.deletedDate !== undefined) {
      throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    // NOTE: AWS documents that a repeated token with the same value is ignored. Returning the
    // original ARN and VersionId, not ResourceExistsException, is inferred from that.
    const replay = replayVersion(existing, token, value);
    if (replay) return { ARN: existing.arn, Name: existing.name, VersionId: replay.versionId };
    throw new AwsError("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
  }

  const now = context.store.now();
  const secret: StoredSecret = {
    name,
    arn: context.store.newArn(name),
    description,
    kmsKeyId,
    tags: mergeTags([], tags),
    createdDate: now,
    lastChangedDate: now,
    versions: [],
  };

  let versionId: string | undefined;
  if (value) {
    versionId = token ?? randomUUID();
    addVersion(secret, { versionId, stages: [CURRENT], createdDate: now, ...value });
  }

  context.store.add(secret);
  context.store.save();
  return compact({ ARN: secret.arn, Name: secret.name, VersionId: versionId });
};

export const putSecretValue: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const token = reader.string("ClientRequestToken", { min: 32, max: 64 });
  const value = readSecretValue(reader, input);
  const stages = reader.stringList("VersionStages", { min: 1, max: 20 }, { min: 1, max: 256 });
  reader.finish();

  checkOneValueKind(value);
  const secret = requireActiveSecret(context, secretId);
  if (!value) {
    // NOTE: the wording of this message is not confirmed against AWS.
    throw invalidParameter("You must provide either SecretString or SecretBinary.");
  }

  const replay = replayVersion(secret, token, value);
  if (replay) return { ARN: secret.arn, Name: secret.name, VersionId: replay.versionId, VersionStages: replay.stages };

  const now = context.store.now();
  const versionId = token ?? randomUUID();
  const versionStages = stages ? [...new Set(stages)] : [CURRENT];
  addVersion(secret, { versionId, stages: versionStages, createdDate: now, ...value });
  secret.lastChangedDate = now;

  context.store.save();
  return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: versionStages };
};
