import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { SecretsManagerSimulator } from "./server";
import { ACCOUNT_ID, clientFor, controlRequest, failureOf, startTestSimulator } from "./test-helpers";

let simulator: SecretsManagerSimulator;
let client: SecretsManagerClient;
let singleAttempt: SecretsManagerClient;

beforeAll(async () => {
  simulator = await startTestSimulator();
  client = clientFor(simulator.url);
  // The SDK retries throttling and server errors by default, so this client shows each fault.
  singleAttempt = clientFor(simulator.url, { maxAttempts: 1 });
});

afterEach(async () => {
  await controlRequest(simulator.url, "DELETE", "/_sandbox/faults");
});

afterAll(async () => {
  client.destroy();
  singleAttempt.destroy();
  await simulator.close();
});

describe("fault injection", () => {
  it("throttles the next call", async () => {
    const added = await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "CreateSecret", count: 1, error: "ThrottlingException" });
    const error = await failureOf(singleAttempt.send(new CreateSecretCommand({ Name: "/faults/throttled", SecretString: "v" })));
    const retried = await singleAttempt.send(new CreateSecretCommand({ Name: "/faults/throttled", SecretString: "v" }));

    expect(added.status).toBe(201);
    expect(error.name).toBe("ThrottlingException");
    expect(error.message).toBe("Rate exceeded");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(retried.Name).toBe("/faults/throttled");
  });

  it("lets the default client retry past one fault", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "CreateSecret", count: 1, error: "ThrottlingException" });
    const created = await client.send(new CreateSecretCommand({ Name: "/faults/recovered", SecretString: "v" }));

    expect(created.Name).toBe("/faults/recovered");
    expect(created.$metadata.attempts).toBe(2);
  });

  it("returns 500 for InternalServiceError", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "GetSecretValue", count: 1, error: "InternalServiceError" });
    const error = await failureOf(singleAttempt.send(new GetSecretValueCommand({ SecretId: "/faults/anything" })));

    expect(error.name).toBe("InternalServiceError");
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$fault).toBe("server");
  });

  it("names caller, action and resource in AccessDeniedException", async () => {
    const created = await client.send(new CreateSecretCommand({ Name: "/faults/denied", SecretString: "v" }));
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "PutSecretValue", count: 1, error: "AccessDeniedException" });
    const error = await failureOf(singleAttempt.send(new PutSecretValueCommand({ SecretId: "/faults/denied", SecretString: "w" })));

    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      `User: arn:aws:iam::${ACCOUNT_ID}:user/sandbox is not authorized to perform: secretsmanager:PutSecretValue on resource: ${created.ARN} because no identity-based policy allows the secretsmanager:PutSecretValue action`,
    );
  });

  it("fails only the named operation", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "PutSecretValue", count: 1, error: "ThrottlingException" });
    const listed = await singleAttempt.send(new ListSecretsCommand({}));

    expect(listed.SecretList).toBeInstanceOf(Array);
  });

  it("uses a custom status", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "*", count: 1, error: "ServiceUnavailable", status: 503 });
    const error = await failureOf(singleAttempt.send(new ListSecretsCommand({})));

    expect(error.name).toBe("ServiceUnavailable");
    expect(error.$metadata.httpStatusCode).toBe(503);
  });

  it("clears faults", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "ListSecrets", count: 5, error: "ThrottlingException" });
    const cleared = await controlRequest(simulator.url, "DELETE", "/_sandbox/faults");
    const listed = await singleAttempt.send(new ListSecretsCommand({}));

    expect(cleared.status).toBe(204);
    expect(listed.SecretList).toBeInstanceOf(Array);
  });

  it("rejects an unknown operation name", async () => {
    const response = await controlRequest(simulator.url, "POST", "/_sandbox/faults", { operation: "CreateSecrets", count: 1, error: "ThrottlingException" });
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(400);
    expect(body.error).toContain("operation");
  });
});

describe("latency injection", () => {
  it("delays the named operation", async () => {
    await controlRequest(simulator.url, "POST", "/_sandbox/latency", { operation: "ListSecrets", ms: 300 });
    const started = Date.now();
    await client.send(new ListSecretsCommand({}));

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("rejects a negative delay", async () => {
    const response = await controlRequest(simulator.url, "POST", "/_sandbox/latency", { operation: "ListSecrets", ms: -1 });

    expect(response.status).toBe(400);
  });
});

describe("sandbox listing", () => {
  it("lists names, ARNs, versions and tags without values", async () => {
    const canary = "canary-secret-value-7f3a";
    const created = await client.send(new CreateSecretCommand({ Name: "/faults/listed", SecretString: canary, Tags: [{ Key: "team", Value: "a" }] }));
    const response = await controlRequest(simulator.url, "GET", "/_sandbox/secrets");
    const text = await response.text();
    const body = JSON.parse(text) as { secrets: Array<{ name: string; arn: string; tags: unknown; versionIdsToStages: unknown }> };
    const entry = body.secrets.find((secret) => secret.name === "/faults/listed");

    expect(response.status).toBe(200);
    expect(entry?.arn).toBe(created.ARN);
    expect(entry?.tags).toEqual([{ Key: "team", Value: "a" }]);
    expect(entry?.versionIdsToStages).toEqual({ [created.VersionId ?? ""]: ["AWSCURRENT"] });
    expect(text).not.toContain(canary);
  });

  it("reports health", async () => {
    const response = await controlRequest(simulator.url, "GET", "/_sandbox/health");
    const body = (await response.json()) as { status: string };

    expect(response.status).toBe(200);
    expect(body.status).toBe("ok");
  });

  it("sets a request id on every response", async () => {
    const response = await controlRequest(simulator.url, "GET", "/_sandbox/health");

    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
