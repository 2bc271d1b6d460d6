import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SecretsManagerSimulator } from "./server";
import { clientFor, failureOf, startTestSimulator } from "./test-helpers";

const DAY_MS = 24 * 60 * 60 * 1000;

// The simulator's clock is under test control, so a recovery window can pass instantly.
let now = Date.UTC(2030, 0, 15, 12, 0, 0);
let simulator: SecretsManagerSimulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  simulator = await startTestSimulator({ now: () => now });
  client = clientFor(simulator.url);
});

afterAll(async () => {
  client.destroy();
  await simulator.close();
});

describe("DeleteSecret", () => {
  it("schedules deletion 30 days out", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/default-window", SecretString: "v" }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: "/del/default-window" }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: "/del/default-window" }));

    expect(deleted.DeletionDate?.getTime()).toBe(now + 30 * DAY_MS);
    expect(described.DeletedDate?.getTime()).toBe(now + 30 * DAY_MS);
  });

  it("honours RecoveryWindowInDays", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/seven-days", SecretString: "v" }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: "/del/seven-days", RecoveryWindowInDays: 7 }));

    expect(deleted.DeletionDate?.getTime()).toBe(now + 7 * DAY_MS);
  });

  it("rejects a window outside 7 to 30 days", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/bad-window", SecretString: "v" }));
    const short = await failureOf(client.send(new DeleteSecretCommand({ SecretId: "/del/bad-window", RecoveryWindowInDays: 6 })));
    const long = await failureOf(client.send(new DeleteSecretCommand({ SecretId: "/del/bad-window", RecoveryWindowInDays: 31 })));

    expect(short.name).toBe("InvalidParameterException");
    expect(short.message).toBe("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    expect(long.name).toBe("InvalidParameterException");
  });

  it("rejects force together with a window", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/force-and-window", SecretString: "v" }));
    const error = await failureOf(
      client.send(new DeleteSecretCommand({ SecretId: "/del/force-and-window", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })),
    );

    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toBe("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  });

  it("blocks reads and writes while scheduled", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/blocked", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "/del/blocked" }));
    const read = await failureOf(client.send(new GetSecretValueCommand({ SecretId: "/del/blocked" })));
    const write = await failureOf(client.send(new PutSecretValueCommand({ SecretId: "/del/blocked", SecretString: "w" })));

    expect(read.name).toBe("InvalidRequestException");
    expect(read.message).toBe("You can't perform this operation on the secret because it was marked for deletion.");
    expect(read.$metadata.httpStatusCode).toBe(400);
    expect(write.name).toBe("InvalidRequestException");
  });

  it("blocks recreating a scheduled name", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/recreate", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "/del/recreate" }));
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/del/recreate", SecretString: "v2" })));

    expect(error.name).toBe("InvalidRequestException");
    expect(error.message).toBe("You can't create this secret because a secret with this name is already scheduled for deletion.");
  });

  it("hides scheduled secrets from ListSecrets by default", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/listed", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "/del/listed" }));
    const hidden = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["/del/listed"] }] }));
    const included = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["/del/listed"] }], IncludePlannedDeletion: true }));

    expect(hidden.SecretList).toEqual([]);
    expect(included.SecretList?.[0]?.DeletedDate).toBeInstanceOf(Date);
  });

  it("deletes at once when forced", async () => {
    const first = await client.send(new CreateSecretCommand({ Name: "/del/forced", SecretString: "v" }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: "/del/forced", ForceDeleteWithoutRecovery: true }));
    const missing = await failureOf(client.send(new DescribeSecretCommand({ SecretId: "/del/forced" })));
    const second = await client.send(new CreateSecretCommand({ Name: "/del/forced", SecretString: "v2" }));
    const oldArn = await failureOf(client.send(new GetSecretValueCommand({ SecretId: first.ARN })));

    expect(deleted.DeletionDate?.getTime()).toBe(now);
    expect(missing.name).toBe("ResourceNotFoundException");
    expect(second.ARN).not.toBe(first.ARN);
    expect(oldArn.name).toBe("ResourceNotFoundException");
  });

  it("purges the secret once the window ends", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/expires", SecretString: "v" }));
    await client.send(new DeleteSecretCommand({ SecretId: "/del/expires", RecoveryWindowInDays: 7 }));
    now += 7 * DAY_MS;
    const missing = await failureOf(client.send(new DescribeSecretCommand({ SecretId: "/del/expires" })));
    const recreated = await client.send(new CreateSecretCommand({ Name: "/del/expires", SecretString: "again" }));

    expect(missing.name).toBe("ResourceNotFoundException");
    expect(recreated.Name).toBe("/del/expires");
  });

  it("reports a missing secret", async () => {
    const error = await failureOf(client.send(new DeleteSecretCommand({ SecretId: "/del/never-created" })));

    expect(error.name).toBe("ResourceNotFoundException");
  });
});

describe("RestoreSecret", () => {
  it("cancels a scheduled deletion", async () => {
    const created = await client.send(new CreateSecretCommand({ Name: "/del/restored", SecretString: "kept" }));
    await client.send(new DeleteSecretCommand({ SecretId: "/del/restored" }));
    const restored = await client.send(new RestoreSecretCommand({ SecretId: created.ARN }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: "/del/restored" }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: "/del/restored" }));

    expect(restored.ARN).toBe(created.ARN);
    expect(restored.Name).toBe("/del/restored");
    expect(described.DeletedDate).toBeUndefined();
    expect(value.SecretString).toBe("kept");
  });

  it("succeeds on a secret that is not scheduled", async () => {
    await client.send(new CreateSecretCommand({ Name: "/del/not-scheduled", SecretString: "v" }));
    const restored = await client.send(new RestoreSecretCommand({ SecretId: "/del/not-scheduled" }));

    expect(restored.Name).toBe("/del/not-scheduled");
  });

  it("reports a missing secret", async () => {
    const error = await failureOf(client.send(new RestoreSecretCommand({ SecretId: "/del/unknown" })));

    expect(error.name).toBe("ResourceNotFoundException");
  });
});
