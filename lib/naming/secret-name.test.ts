import { describe, expect, it } from "vitest";

import { SECRET_NAME_MAX_LENGTH, validateSecretName } from "./secret-name";

describe("validateSecretName", () => {
  it.each(["database-password", "a", "0", "api-key-2", "x".repeat(63)])("accepts %s", (name) => {
    expect(validateSecretName(name)).toEqual([]);
  });

  it.each(["Database", "db_password", "-db", "db-", "db--password", "db.password", "db password", "dé"])(
    "rejects %j as not kebab-case",
    (name) => {
      expect(validateSecretName(name)).toEqual([expect.stringContaining("kebab-case")]);
    },
  );

  it("rejects an empty name", () => {
    expect(validateSecretName("")).toEqual([expect.stringContaining("required")]);
  });

  it("rejects 64 characters", () => {
    expect(validateSecretName("x".repeat(SECRET_NAME_MAX_LENGTH + 1))).toEqual([
      expect.stringContaining("at most 63"),
    ]);
  });

  it.each(["db-abc123", "client-secret", "a-123456"])("rejects ARN suffix lookalike %s", (name) => {
    expect(validateSecretName(name)).toEqual([expect.stringContaining("six letters or digits")]);
  });

  it("suggests names that pass", () => {
    const [message] = validateSecretName("db-abc123");
    expect(message).toContain("`db-abc123-key`");
    expect(validateSecretName("db-abc123-key")).toEqual([]);
    expect(message).toContain("`dbabc123`");
    expect(validateSecretName("dbabc123")).toEqual([]);
  });

  it.each(["db-abc12", "db-abc1234", "abc123"])("accepts near miss %s", (name) => {
    expect(validateSecretName(name)).toEqual([]);
  });
});
