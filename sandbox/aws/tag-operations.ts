import { invalidParameter } from "./aws-error";
import type { OperationHandler } from "./operation-context";
import { readSecretId, requireSecret } from "./operation-context";
import { RequestReader, type Tag } from "./request-reader";

// A secret carries at most 50 tags, and the `aws:` prefix is reserved for AWS.
const MAX_TAGS = 50;

// NOTE: AWS documents both limits, but the exact error type and wording it returns for
// them are not confirmed; InvalidParameterException is what TagResource lists.
export function checkTagRules(tags: Tag[]): void {
  const reserved = tags.find((tag) => tag.Key.toLowerCase().startsWith("aws:"));
  if (reserved) {
    throw invalidParameter(`The tag key '${reserved.Key}' is invalid: keys that start with 'aws:' are reserved for AWS use.`);
  }
  if (tags.length > MAX_TAGS) {
    throw invalidParameter(`A secret can have at most ${MAX_TAGS} tags; this request would leave ${tags.length}.`);
  }
}

// Adds tags, replacing the value of any key that is already present.
export function mergeTags(current: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(current.map((tag) => [tag.Key, tag]));
  for (const tag of added) byKey.set(tag.Key, tag);
  return [...byKey.values()];
}

export const tagResource: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const tags = reader.tags("Tags");
  if (tags === undefined) reader.addViolation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
  reader.finish();

  const secret = requireSecret(context, secretId);
  const merged = mergeTags(secret.tags, tags ?? []);
  checkTagRules(merged);

  secret.tags = merged;
  secret.lastChangedDate = context.store.now();
  context.store.save();
  return {};
};

export const untagResource: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const keys = reader.stringList("TagKeys", { required: true }, { min: 1, max: 128 });
  reader.finish();

  const secret = requireSecret(context, secretId);
  const removed = new Set(keys ?? []);
  secret.tags = secret.tags.filter((tag) => !removed.has(tag.Key));
  secret.lastChangedDate = context.store.now();
  context.store.save();
  return {};
};
