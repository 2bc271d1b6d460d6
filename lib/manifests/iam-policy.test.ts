import { describe, expect, it } from "vitest";

import { buildStoreReadPolicy, providerNamePattern } from "./iam-policy";

describe("providerNamePattern", () => {
  it("replaces the name", () => {
    expect(providerNamePattern("/{environment}/{application}/{name}", "dev", "payments-api")).toBe("/dev/payments-api/*");
  });

  it("adds the ARN suffix wildcard", () => {
    expect(providerNamePattern("{application}/{name}/{environment}", "dev", "payments-api")).toBe("payments-api/*/dev*");
  });
});

describe("buildStoreReadPolicy", () => {
  it("allows only reads on the prefix", () => {
    const policy = buildStoreReadPolicy({ region: "eu-west-1", accountId: "111111111111", namePattern: "/dev/payments-api/*" });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadApplicationSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:/dev/payments-api/*",
        },
      ],
    });
  });
});

describe("listStoreSetups", () => {
  it("covers every application and environment", async () => {
    const { listStoreSetups } = await import("./store-setups");
    const { loadSandboxConfig } = await import("./test-fixtures");
    const config = loadSandboxConfig();
    const setups = listStoreSetups(config);
    expect(setups).toHaveLength(config.applications.length * config.environments.length);
    const payments = setups.find((setup) => setup.application === "payments-api" && setup.environment === "prod");
    expect(JSON.parse(payments?.iamPolicy ?? "{}")).toEqual(
      buildStoreReadPolicy({ region: "eu-west-1", accountId: "333333333333", namePattern: "/prod/payments-api/*" }),
    );
    expect(payments?.secretStore).toContain("serviceAccountRef:\n            name: external-secrets");
    expect(payments?.storePath).toBe("apps/payments-api/prod/secret-store.yaml");
  });
});
