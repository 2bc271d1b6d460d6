import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SecretsManagerSimulator } from "./server";
import { ACCOUNT_ID, REGION, clientFor, failureOf, startTestSimulator } from "./test-helpers";

let simulator: SecretsManagerSimulator;
let client: SecretsManagerClient;
let counter = 0;

// Each test uses its own names, so tests never see each other's secrets.
function uniqueName(label: string): string {
  counter += 1;
  return `/test/app/${label}-${counter}`;
}

beforeAll(async () => {
  simulator = await startTestSimulator();
  client = clientFor(simulator.url);
});

afterAll(async () => {
  client.destroy();
  await simulator.close();
});

describe("CreateSecret", () => {
  it("returns an ARN with a six-character suffix", async () => {
    const name = uniqueName("arn");
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));

    const escaped = name.replace(/[/+=.@-]/g, "\\$&");
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${escaped}-[A-Za-z0-9]{6}$`));
    expect(created.Name).toBe(name);
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("uses ClientRequestToken as the version id", async () => {
    const token = "11111111-2222-3333-4444-555555555555";
    const created = await client.send(new CreateSecretCommand({ Name: uniqueName("token"), SecretString: "v1", ClientRequestToken: token }));

    expect(created.VersionId).toBe(token);
  });

  it("repeats a retry with the same token and value", async () => {
    const name = uniqueName("retry");
    const token = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    const first = await client.send(new CreateSecretCommand({ Name: name, SecretString: "same", ClientRequestToken: token }));
    const second = await client.send(new CreateSecretCommand({ Name: name, SecretString: "same", ClientRequestToken: token }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(second.ARN).toBe(first.ARN);
    expect(second.VersionId).toBe(token);
    expect(Object.keys(described.VersionIdsToStages ?? {})).toEqual([token]);
  });

  it("rejects the same token with another value", async () => {
    const name = uniqueName("retry-changed");
    const token = "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee";
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "first", ClientRequestToken: token }));
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: name, SecretString: "second", ClientRequestToken: token })));

    expect(error.name).toBe("ResourceExistsException");
    expect(error.message).toBe("You can't modify an existing version, you can only create a new version.");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("rejects an existing name", async () => {
    const name = uniqueName("taken");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));
    const error = await failureOf(client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" })));

    expect(error.name).toBe("ResourceExistsException");
    expect(error.message).toBe(`The operation failed because the secret ${name} already exists.`);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("creates a secret without a value", async () => {
    const name = uniqueName("empty");
    const created = await client.send(new CreateSecretCommand({ Name: name }));
    const error = await failureOf(client.send(new GetSecretValueCommand({ SecretId: name })));

    expect(created.VersionId).toBeUndefined();
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
  });

  it("stores a binary value", async () => {
    const name = uniqueName("binary");
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await client.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: name }));

    expect(value.SecretString).toBeUndefined();
    expect([...(value.SecretBinary ?? [])]).toEqual([...bytes]);
  });
});

describe("GetSecretValue", () => {
  it("returns the current value and stages", async () => {
    const name = uniqueName("get");
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"p1"}' }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: name }));

    expect(value.SecretString).toBe('{"password":"p1"}');
    expect(value.VersionId).toBe(created.VersionId);
    expect(value.VersionStages).toEqual(["AWSCURRENT"]);
    expect(value.ARN).toBe(created.ARN);
    expect(value.CreatedDate).toBeInstanceOf(Date);
  });

  it("finds a secret by full ARN", async () => {
    const name = uniqueName("by-arn");
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: "arn-value" }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));

    expect(value.SecretString).toBe("arn-value");
  });

  it("finds a secret by partial ARN", async () => {
    const name = uniqueName("partial-arn");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "partial-value" }));
    const partial = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}`;
    const value = await client.send(new GetSecretValueCommand({ SecretId: partial }));

    expect(value.SecretString).toBe("partial-value");
  });

  it("rejects an ARN with a wrong suffix", async () => {
    const name = uniqueName("wrong-suffix");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v" }));
    const wrong = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}-zzzzzz`;
    const error = await failureOf(client.send(new GetSecretValueCommand({ SecretId: wrong })));

    expect(error.name).toBe("ResourceNotFoundException");
  });

  it("reports a missing secret", async () => {
    const error = await failureOf(client.send(new GetSecretValueCommand({ SecretId: "/test/app/does-not-exist" })));

    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("Secrets Manager can't find the specified secret.");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads a version by stage and by id", async () => {
    const name = uniqueName("versions");
    const first = await client.send(new CreateSecretCommand({ Name: name, SecretString: "old" }));
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "new" }));
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPREVIOUS" }));
    const byId = await client.send(new GetSecretValueCommand({ SecretId: name, VersionId: first.VersionId }));

    expect(previous.SecretString).toBe("old");
    expect(byId.SecretString).toBe("old");
    expect(byId.VersionStages).toEqual(["AWSPREVIOUS"]);
  });
});

describe("PutSecretValue", () => {
  it("moves AWSCURRENT and AWSPREVIOUS", async () => {
    const name = uniqueName("stages");
    const v1 = await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));
    const v2 = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" }));
    const v3 = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v3" }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(v3.VersionStages).toEqual(["AWSCURRENT"]);
    expect(described.VersionIdsToStages).toEqual({
      [v2.VersionId ?? ""]: ["AWSPREVIOUS"],
      [v3.VersionId ?? ""]: ["AWSCURRENT"],
    });
    expect(described.VersionIdsToStages?.[v1.VersionId ?? ""]).toBeUndefined();
  });

  it("keeps a deprecated version readable by id", async () => {
    const name = uniqueName("deprecated");
    const v1 = await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2" }));
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v3" }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1.VersionId }));
    const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));

    expect(value.SecretString).toBe("v1");
    expect(value.VersionStages).toEqual([]);
    expect(versions.Versions).toHaveLength(3);
  });

  it("repeats a retry with the same token", async () => {
    const name = uniqueName("put-retry");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));
    const token = "cccccccc-bbbb-cccc-dddd-eeeeeeeeeeee";
    const first = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2", ClientRequestToken: token }));
    const second = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2", ClientRequestToken: token }));
    const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: name }));

    expect(first.VersionId).toBe(token);
    expect(second.VersionId).toBe(token);
    expect(second.VersionStages).toEqual(["AWSCURRENT"]);
    expect(versions.Versions).toHaveLength(2);
  });

  it("rejects a token reused with another value", async () => {
    const name = uniqueName("put-changed");
    const token = "dddddddd-bbbb-cccc-dddd-eeeeeeeeeeee";
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1", ClientRequestToken: token }));
    const error = await failureOf(client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2", ClientRequestToken: token })));

    expect(error.name).toBe("ResourceExistsException");
    expect(error.message).toBe("You can't modify an existing version, you can only create a new version.");
  });

  it("applies custom version stages", async () => {
    const name = uniqueName("pending");
    const v1 = await client.send(new CreateSecretCommand({ Name: name, SecretString: "v1" }));
    const pending = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: "v2", VersionStages: ["AWSPENDING"] }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.VersionIdsToStages).toEqual({
      [v1.VersionId ?? ""]: ["AWSCURRENT"],
      [pending.VersionId ?? ""]: ["AWSPENDING"],
    });
  });

  it("reports a missing secret", async () => {
    const error = await failureOf(client.send(new PutSecretValueCommand({ SecretId: "/test/app/missing-put", SecretString: "v" })));

    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

describe("DescribeSecret", () => {
  it("returns metadata with epoch dates", async () => {
    const name = uniqueName("describe");
    const before = Date.now();
    await client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: "v",
        Description: "database password",
        KmsKeyId: "alias/portal",
        Tags: [{ Key: "team", Value: "payments" }],
      }),
    );
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.Name).toBe(name);
    expect(described.Description).toBe("database password");
    expect(described.KmsKeyId).toBe("alias/portal");
    expect(described.Tags).toEqual([{ Key: "team", Value: "payments" }]);
    expect(described.CreatedDate?.getTime()).toBeGreaterThanOrEqual(before);
    expect(described.LastChangedDate).toBeInstanceOf(Date);
    expect(described.DeletedDate).toBeUndefined();
    expect(described.LastAccessedDate).toBeUndefined();
  });

  it("omits KmsKeyId for the managed key", async () => {
    const name = uniqueName("default-key");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v" }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.KmsKeyId).toBeUndefined();
  });

  it("records the access date after a read", async () => {
    const name = uniqueName("accessed");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v" }));
    await client.send(new GetSecretValueCommand({ SecretId: name }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(described.LastAccessedDate?.getUTCHours()).toBe(0);
  });
});

describe("TagResource and UntagResource", () => {
  it("adds, replaces and removes tags", async () => {
    const name = uniqueName("tags");
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "v", Tags: [{ Key: "env", Value: "dev" }] }));
    await client.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: "env", Value: "prod" }, { Key: "owner", Value: "team-a" }] }));
    const tagged = await client.send(new DescribeSecretCommand({ SecretId: name }));
    await client.send(new UntagResourceCommand({ SecretId: name, TagKeys: ["env"] }));
    const untagged = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(tagged.Tags).toEqual([
      { Key: "env", Value: "prod" },
      { Key: "owner", Value: "team-a" },
    ]);
    expect(untagged.Tags).toEqual([{ Key: "owner", Value: "team-a" }]);
  });

  it("reports a missing secret", async () => {
    const error = await failureOf(client.send(new TagResourceCommand({ SecretId: "/test/app/missing-tag", Tags: [{ Key: "a", Value: "b" }] })));

    expect(error.name).toBe("ResourceNotFoundException");
  });
});

describe("ListSecrets", () => {
  const prefix = "/list-test/";

  beforeAll(async () => {
    await client.send(new CreateSecretCommand({ Name: `${prefix}alpha`, SecretString: "a", Tags: [{ Key: "team", Value: "payments" }] }));
    await client.send(new CreateSecretCommand({ Name: `${prefix}beta`, SecretString: "b", Description: "Stripe API key", Tags: [{ Key: "team", Value: "search" }] }));
    await client.send(new CreateSecretCommand({ Name: `${prefix}gamma`, SecretString: "c", Tags: [{ Key: "cost-center", Value: "42" }] }));
  });

  it("filters by name prefix", async () => {
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }], SortOrder: "asc" }));

    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual([`${prefix}alpha`, `${prefix}beta`, `${prefix}gamma`]);
  });

  it("filters by tag key and value", async () => {
    const byKey = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }, { Key: "tag-key", Values: ["cost"] }] }));
    const byValue = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }, { Key: "tag-value", Values: ["pay", "sea"] }] }));

    expect(byKey.SecretList?.map((secret) => secret.Name)).toEqual([`${prefix}gamma`]);
    expect(byValue.SecretList?.map((secret) => secret.Name).sort()).toEqual([`${prefix}alpha`, `${prefix}beta`]);
  });

  it("negates a filter value", async () => {
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }, { Key: "tag-value", Values: ["!payments"] }] }));

    expect(listed.SecretList?.map((secret) => secret.Name).sort()).toEqual([`${prefix}beta`, `${prefix}gamma`]);
  });

  it("searches all attributes by word", async () => {
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: "all", Values: ["stripe"] }] }));

    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual([`${prefix}beta`]);
  });

  it("pages with MaxResults and NextToken", async () => {
    const filters = [{ Key: "name" as const, Values: [prefix] }];
    const first = await client.send(new ListSecretsCommand({ Filters: filters, MaxResults: 2, SortOrder: "asc" }));
    const second = await client.send(new ListSecretsCommand({ Filters: filters, MaxResults: 2, SortOrder: "asc", NextToken: first.NextToken }));

    expect(first.SecretList?.map((secret) => secret.Name)).toEqual([`${prefix}alpha`, `${prefix}beta`]);
    expect(first.NextToken).toBeTypeOf("string");
    expect(second.SecretList?.map((secret) => secret.Name)).toEqual([`${prefix}gamma`]);
    expect(second.NextToken).toBeUndefined();
  });

  it("returns stages and tags but no values", async () => {
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [`${prefix}alpha`] }] }));
    const entry = listed.SecretList?.[0];

    expect(entry?.Tags).toEqual([{ Key: "team", Value: "payments" }]);
    expect(Object.values(entry?.SecretVersionsToStages ?? {})).toEqual([["AWSCURRENT"]]);
    expect(JSON.stringify(listed)).not.toContain('"a"');
  });

  it("rejects an unknown filter key", async () => {
    const error = await failureOf(client.send(new ListSecretsCommand({ Filters: [{ Key: "colour" as "name", Values: ["x"] }] })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("filters.1.member.key");
  });

  it("rejects a garbled NextToken", async () => {
    const error = await failureOf(client.send(new ListSecretsCommand({ NextToken: "not-a-token" })));

    expect(error.name).toBe("InvalidNextTokenException");
  });
});
