import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { clientFor, failureOf, startTestSimulator } from "./test-helpers";

let directory: string;
let dataFile: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "aws-simulator-"));
  dataFile = path.join(directory, "nested", "secrets-manager.json");
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("dataFile persistence", () => {
  it("keeps secrets across a restart", async () => {
    const first = await startTestSimulator({ dataFile });
    const firstClient = clientFor(first.url);
    const created = await firstClient.send(new CreateSecretCommand({ Name: "/persist/db", SecretString: "v1", Tags: [{ Key: "team", Value: "a" }] }));
    const put = await firstClient.send(new PutSecretValueCommand({ SecretId: "/persist/db", SecretString: "v2" }));
    firstClient.destroy();
    await first.close();

    const second = await startTestSimulator({ dataFile });
    const secondClient = clientFor(second.url);
    const value = await secondClient.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    const described = await secondClient.send(new DescribeSecretCommand({ SecretId: "/persist/db" }));
    secondClient.destroy();
    await second.close();

    expect(value.SecretString).toBe("v2");
    expect(value.VersionId).toBe(put.VersionId);
    expect(described.ARN).toBe(created.ARN);
    expect(described.Tags).toEqual([{ Key: "team", Value: "a" }]);
    expect(described.VersionIdsToStages?.[created.VersionId ?? ""]).toEqual(["AWSPREVIOUS"]);
  });

  it("keeps a scheduled deletion across a restart", async () => {
    const first = await startTestSimulator({ dataFile });
    const firstClient = clientFor(first.url);
    await firstClient.send(new CreateSecretCommand({ Name: "/persist/deleted", SecretString: "v" }));
    await firstClient.send(new DeleteSecretCommand({ SecretId: "/persist/deleted" }));
    firstClient.destroy();
    await first.close();

    const second = await startTestSimulator({ dataFile });
    const secondClient = clientFor(second.url);
    const error = await failureOf(secondClient.send(new GetSecretValueCommand({ SecretId: "/persist/deleted" })));
    secondClient.destroy();
    await second.close();

    expect(error.name).toBe("InvalidRequestException");
  });

  it("writes the file owner-readable only", async () => {
    const simulator = await startTestSimulator({ dataFile });
    const client = clientFor(simulator.url);
    await client.send(new CreateSecretCommand({ Name: "/persist/mode", SecretString: "v" }));
    client.destroy();
    await simulator.close();

    expect(fs.statSync(dataFile).mode & 0o777).toBe(0o600);
  });

  it("rejects a corrupt data file", async () => {
    fs.mkdirSync(path.dirname(dataFile), { recursive: true });
    fs.writeFileSync(dataFile, "{ not json");

    await expect(startTestSimulator({ dataFile })).rejects.toThrow(/not valid JSON/);
  });

  it("keeps nothing without a dataFile", async () => {
    const first = await startTestSimulator();
    const firstClient = clientFor(first.url);
    await firstClient.send(new CreateSecretCommand({ Name: "/persist/memory", SecretString: "v" }));
    firstClient.destroy();
    await first.close();

    const second = await startTestSimulator();
    const secondClient = clientFor(second.url);
    const error = await failureOf(secondClient.send(new DescribeSecretCommand({ SecretId: "/persist/memory" })));
    secondClient.destroy();
    await second.close();

    expect(error.name).toBe("ResourceNotFoundException");
  });
});
