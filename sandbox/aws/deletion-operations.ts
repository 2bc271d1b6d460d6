import { invalidParameter, markedForDeletion } from "./aws-error";
import type { OperationHandler } from "./operation-context";
import { readSecretId, requireSecret, toEpochSeconds } from "./operation-context";
import { RequestReader } from "./request-reader";

// DeleteSecret schedules deletion after a recovery window (7 to 30 days, 30 by default)
// or deletes at once with ForceDeleteWithoutRecovery; RestoreSecret cancels the schedule.

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RECOVERY_DAYS = 30;

export const deleteSecret: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  const recoveryDays = reader.integer("RecoveryWindowInDays");
  const force = reader.boolean("ForceDeleteWithoutRecovery") ?? false;
  reader.finish();

  if (recoveryDays !== undefined && (recoveryDays < 7 || recoveryDays > 30)) {
    throw invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
  }
  if (recoveryDays !== undefined && force) {
    throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }

  const secret = requireSecret(context, secretId);
  const now = context.store.now();

  if (force) {
    // NOTE: AWS finishes a forced deletion asynchronously, so recreating the name at once
    // can still fail there for a short while; the simulator deletes immediately.
    context.store.remove(secret.name);
    context.store.save();
    return { ARN: secret.arn, Name: secret.name, DeletionDate: toEpochSeconds(now) };
  }

  if (secret.deletedDate !== undefined) throw markedForDeletion();

  secret.deletedDate = now + (recoveryDays ?? DEFAULT_RECOVERY_DAYS) * DAY_MS;
  secret.lastChangedDate = now;
  context.store.save();
  return { ARN: secret.arn, Name: secret.name, DeletionDate: toEpochSeconds(secret.deletedDate) };
};

export const restoreSecret: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const secretId = readSecretId(reader);
  reader.finish();

  const secret = requireSecret(context, secretId);
  if (secret.deletedDate !== undefined) {
    delete secret.deletedDate;
    secret.lastChangedDate = context.store.now();
    context.store.save();
  }
  return { ARN: secret.arn, Name: secret.name };
};
