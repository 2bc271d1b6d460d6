import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-secrets-manager";
import type { FinalizeRequestMiddleware } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SecretsManagerSimulator } from "./server";
import { REGION, clientFor, failureOf, startTestSimulator } from "./test-helpers";

let simulator: SecretsManagerSimulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  simulator = await startTestSimulator();
  client = clientFor(simulator.url);
});

afterAll(async () => {
  client.destroy();
  await simulator.close();
});

// A real SDK client whose signed requests are altered on the way out, to reach the
// simulator's front-end checks that a well-behaved client never triggers.
function tamperedClient(change: (headers: Record<string, string>) => void, region = REGION): SecretsManagerClient {
  const tampered = new SecretsManagerClient({
    endpoint: simulator.url,
    region,
    credentials: { accessKeyId: "AKIASANDBOXTEST", secretAccessKey: "sandbox-secret-key" },
    maxAttempts: 1,
  });
  const middleware: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    const request = args.request as { headers: Record<string, string> };
    change(request.headers);
    return next(args);
  };
  tampered.middlewareStack.addRelativeTo(middleware, { relation: "after", toMiddleware: "httpSigningMiddleware", name: "tamperHeaders" });
  return tampered;
}

describe("request authentication", () => {
  it("rejects a request without Authorization", async () => {
    const unsigned = tamperedClient((headers) => delete headers.authorization);
    const error = await failureOf(unsigned.send(new DescribeSecretCommand({ SecretId: "any" })));
    unsigned.destroy();

    expect(error.name).toBe("MissingAuthenticationTokenException");
    expect(error.message).toBe("Request is missing Authentication Token");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("rejects a header without a signature", async () => {
    const garbled = tamperedClient((headers) => {
      headers.authorization = (headers.authorization ?? "").replace(/, Signature=[0-9a-f]+/, "");
    });
    const error = await failureOf(garbled.send(new DescribeSecretCommand({ SecretId: "any" })));
    garbled.destroy();

    expect(error.name).toBe("IncompleteSignatureException");
    expect(error.message).toContain("Authorization header requires 'Signature' parameter.");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("rejects a credential for another region", async () => {
    const otherRegion = tamperedClient(() => undefined, "us-east-1");
    const error = await failureOf(otherRegion.send(new DescribeSecretCommand({ SecretId: "any" })));
    otherRegion.destroy();

    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toBe("Credential should be scoped to a valid region, not 'us-east-1'.");
  });

  it("accepts any access key", async () => {
    const stranger = new SecretsManagerClient({
      endpoint: simulator.url,
      region: REGION,
      credentials: { accessKeyId: "AKIAOTHERPERSON", secretAccessKey: "whatever" },
    });
    const created = await stranger.send(new CreateSecretCommand({ Name: "/proto/any-key", SecretString: "v" }));
    stranger.destroy();

    expect(created.Name).toBe("/proto/any-key");
  });
});

describe("request routing", () => {
  it("rejects an unknown X-Amz-Target", async () => {
    const misrouted = tamperedClient((headers) => {
      headers["x-amz-target"] = "secretsmanager.FlyToTheMoon";
    });
    const error = await failureOf(misrouted.send(new DescribeSecretCommand({ SecretId: "any" })));
    misrouted.destroy();

    expect(error.name).toBe("UnknownOperationException");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

describe("input validation", () => {
  it("rejects invalid characters in a name", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/bad name!", SecretString: "v" })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("accepts every allowed name character", async () => {
    const created = await client.send(new CreateSecretCommand({ Name: "/proto/Az09_+=.@-", SecretString: "v" }));

    expect(created.Name).toBe("/proto/Az09_+=.@-");
  });

  it("rejects a name over 512 characters", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: `/proto/${"a".repeat(506)}`, SecretString: "v" })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("at 'name' failed to satisfy constraint: Member must have length less than or equal to 512");
  });

  it("accepts a name of exactly 512 characters", async () => {
    const name = `/proto/${"b".repeat(505)}`;
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: "v" }));

    expect(created.Name).toHaveLength(512);
  });

  it("rejects both a string and a binary value", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/both", SecretString: "v", SecretBinary: new Uint8Array([1]) })));

    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toBe("You can't specify both a binary secret value and a string secret value in the same secret.");
  });

  it("rejects a SecretString over 65536 bytes without echoing it", async () => {
    const canary = "canary-value-";
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/huge", SecretString: canary.repeat(6000) })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536");
    expect(error.message).not.toContain(canary);
  });

  it("rejects a short ClientRequestToken", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/short-token", SecretString: "v", ClientRequestToken: "too-short" })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32");
  });

  it("rejects PutSecretValue without a value", async () => {
    await client.send(new CreateSecretCommand({ Name: "/proto/no-value", SecretString: "v" }));
    const error = await failureOf(client.send(new PutSecretValueCommand({ SecretId: "/proto/no-value" })));

    expect(error.name).toBe("InvalidParameterException");
  });

  it("rejects a tag key over 128 characters", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/long-tag", SecretString: "v", Tags: [{ Key: "k".repeat(129), Value: "v" }] })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("at 'tags.1.member.key'");
  });

  it("rejects a tag value over 256 characters", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/long-value", SecretString: "v", Tags: [{ Key: "k", Value: "v".repeat(257) }] })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("at 'tags.1.member.value'");
  });

  it("rejects more than 50 tags", async () => {
    await client.send(new CreateSecretCommand({ Name: "/proto/many-tags", SecretString: "v" }));
    const tags = Array.from({ length: 51 }, (_, index) => ({ Key: `key-${index}`, Value: "v" }));
    const error = await failureOf(client.send(new TagResourceCommand({ SecretId: "/proto/many-tags", Tags: tags })));

    expect(error.name).toBe("InvalidParameterException");
  });

  it("rejects the reserved aws: tag prefix", async () => {
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/aws-tag", SecretString: "v", Tags: [{ Key: "aws:owner", Value: "me" }] })));

    expect(error.name).toBe("InvalidParameterException");
  });

  it("creates nothing when validation fails", async () => {
    await failureOf(client.send(new CreateSecretCommand({ Name: "/proto/rolled-back", SecretString: "v", Tags: [{ Key: "aws:x", Value: "y" }] })));
    const error = await failureOf(client.send(new DescribeSecretCommand({ SecretId: "/proto/rolled-back" })));

    expect(error.name).toBe("ResourceNotFoundException");
  });
});
