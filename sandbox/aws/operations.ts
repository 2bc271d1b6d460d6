import { deleteSecret, restoreSecret } from "./deletion-operations";
import { listSecrets } from "./list-secrets";
import type { OperationHandler } from "./operation-context";
import { getRandomPassword } from "./random-password";
import { describeSecret, getSecretValue, listSecretVersionIds } from "./read-operations";
import { tagResource, untagResource } from "./tag-operations";
import { createSecret, putSecretValue } from "./write-operations";

// The Secrets Manager operations the simulator implements, keyed by the name that follows
// `secretsmanager.` in the X-Amz-Target header.
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  TagResource: tagResource,
  UntagResource: untagResource,
  GetRandomPassword: getRandomPassword,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
};
