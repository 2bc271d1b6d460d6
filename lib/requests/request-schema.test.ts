import { describe, expect, it } from "vitest";

import { newRequestSchema, parseNewRequest, toFormErrors, type NewRequestFormValues } from "./request-schema";

const valid: NewRequestFormValues = {
  environment: "dev",
  application: "payments-api",
  secretName: "database-password",
  description: "Password for the payments database user",
  justification: "The new reporting job reads the payments database",
  secretType: "Opaque",
  keys: ["password"],
  valueSource: "generated",
  refreshInterval: "1h",
};

/** Parses `overrides` merged into a valid request and returns the messages of `field`. */
function errorsFor(field: string, overrides: Record<string, unknown>): string[] {
  const result = parseNewRequest({ ...valid, ...overrides });
  if (result.success) return [];
  return result.errors.fieldErrors[field] ?? [];
}

describe("newRequestSchema", () => {
  it("accepts a complete request", () => {
    expect(newRequestSchema.safeParse(valid).success).toBe(true);
  });

  it("trims text fields", () => {
    const data = newRequestSchema.parse({ ...valid, secretName: " database-password ", description: "  long enough text  " });
    expect(data.secretName).toBe("database-password");
    expect(data.description).toBe("long enough text");
  });

  it("defaults a missing justification", () => {
    const { justification: _omitted, ...rest } = valid;
    expect(newRequestSchema.parse(rest).justification).toBe("");
  });

  it.each(["environment", "application", "secretName", "description", "secretType", "keys", "valueSource", "refreshInterval"])(
    "requires %s",
    (field) => {
      const input: Record<string, unknown> = { ...valid };
      delete input[field];
      const result = parseNewRequest(input);
      expect(result.success).toBe(false);
      if (result.success) return;
      expect(result.errors.fieldErrors[field]?.length).toBeGreaterThan(0);
    },
  );

  it("names the field in each message for a missing field", () => {
    const result = parseNewRequest({});
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors.fieldErrors.secretName?.[0]).toMatch(/^Secret name is required/);
    expect(result.errors.fieldErrors.refreshInterval?.[0]).toMatch(/^Refresh interval is required/);
  });
});

describe("secretName", () => {
  it("rejects uppercase with the kebab-case message", () => {
    expect(errorsFor("secretName", { secretName: "Database_Password" })).toEqual([
      "Secret name must be lowercase kebab-case (a-z, 0-9 and single hyphens, not at the start or end), for example `database-password`",
    ]);
  });

  it("rejects an ARN suffix lookalike", () => {
    expect(errorsFor("secretName", { secretName: "db-abc123" })).toEqual([expect.stringContaining("six letters or digits")]);
  });

  it("rejects 64 characters", () => {
    expect(errorsFor("secretName", { secretName: "a".repeat(64) })).toEqual([expect.stringContaining("at most 63")]);
  });

  it("accepts 63 characters", () => {
    expect(errorsFor("secretName", { secretName: "a".repeat(63) })).toEqual([]);
  });

  it("rejects an empty name", () => {
    expect(errorsFor("secretName", { secretName: "   " })).toEqual([expect.stringContaining("required")]);
  });
});

describe("description and justification", () => {
  it("rejects a short description", () => {
    expect(errorsFor("description", { description: "short" })).toEqual([expect.stringContaining("at least 10")]);
  });

  it("counts the description after trimming", () => {
    expect(errorsFor("description", { description: `   ${"x".repeat(9)}   ` })).toHaveLength(1);
  });

  it("rejects a long description", () => {
    expect(errorsFor("description", { description: "x".repeat(501) })).toEqual([expect.stringContaining("at most 500")]);
  });

  it("rejects a lone surrogate", () => {
    expect(errorsFor("description", { description: "ten chars \uD800 here" })).toEqual([
      expect.stringContaining("invalid Unicode"),
    ]);
  });

  it("rejects a long justification", () => {
    expect(errorsFor("justification", { justification: "x".repeat(1001) })).toEqual([
      expect.stringContaining("at most 1000"),
    ]);
  });
});

describe("secretType", () => {
  it("accepts tls from a custodian", () => {
    const result = parseNewRequest({ ...valid, secretType: "kubernetes.io/tls", keys: ["tls.key", "tls.crt"], valueSource: "custodian" });
    expect(result.success).toBe(true);
  });

  it("rejects generated tls", () => {
    const messages = errorsFor("valueSource", { secretType: "kubernetes.io/tls", keys: ["tls.crt", "tls.key"] });
    expect(messages).toEqual([expect.stringContaining("cannot generate a kubernetes.io/tls value")]);
  });

  it.each([
    ["kubernetes.io/tls", ["password"]],
    ["kubernetes.io/dockerconfigjson", ["username", "password"]],
    ["kubernetes.io/ssh-auth", ["ssh-privatekey", "ssh-publickey"]],
  ])("rejects wrong keys for %s", (secretType, keys) => {
    const messages = errorsFor("keys", { secretType, keys, valueSource: "custodian" });
    expect(messages).toEqual([expect.stringContaining("has exactly the keys")]);
  });

  it("requires a username for generated basic-auth", () => {
    const messages = errorsFor("username", { secretType: "kubernetes.io/basic-auth", keys: ["username", "password"] });
    expect(messages).toEqual([expect.stringContaining("Username is required")]);
  });

  it("accepts generated basic-auth with username", () => {
    const result = parseNewRequest({
      ...valid,
      secretType: "kubernetes.io/basic-auth",
      keys: ["username", "password"],
      username: "app_user",
    });
    expect(result.success).toBe(true);
  });

  it("rejects a username on Opaque", () => {
    expect(errorsFor("username", { username: "app_user" })).toEqual([expect.stringContaining("has no username")]);
  });

  it("rejects control characters in username", () => {
    const messages = errorsFor("username", { secretType: "kubernetes.io/basic-auth", keys: ["username", "password"], username: "a\nb" });
    expect(messages).toEqual([expect.stringContaining("control characters")]);
  });

  it("rejects an unknown type", () => {
    expect(errorsFor("secretType", { secretType: "Custom" })).toEqual([expect.stringContaining('"Custom" is unknown')]);
  });
});

describe("keys", () => {
  it("accepts dotted and underscored keys", () => {
    expect(errorsFor("keys", { keys: ["tls.crt", "api_key", "A-1"] })).toEqual([]);
  });

  it("rejects an empty list", () => {
    expect(errorsFor("keys", { keys: [] })).toEqual([expect.stringContaining("at least one key")]);
  });

  it("rejects 21 keys", () => {
    const keys = Array.from({ length: 21 }, (_, index) => `key${index}`);
    expect(errorsFor("keys", { keys })).toEqual([expect.stringContaining("at most 20")]);
  });

  it("accepts 20 keys", () => {
    const keys = Array.from({ length: 20 }, (_, index) => `key${index}`);
    expect(errorsFor("keys", { keys })).toEqual([]);
  });

  it("rejects duplicates", () => {
    expect(errorsFor("keys", { keys: ["password", "user", "password"] })).toEqual([
      'Key "password" is listed twice; remove the duplicate',
    ]);
  });

  it.each(["a b", "pass/word", "é", "key:1", "$x"])("rejects key %j and names it", (key) => {
    expect(errorsFor("keys", { keys: [key] })).toEqual([expect.stringContaining(JSON.stringify(key))]);
  });

  it.each([".", ".."])("rejects dot key %j", (key) => {
    expect(errorsFor("keys", { keys: [key] })).toEqual([expect.stringContaining("not allowed by Kubernetes")]);
  });

  it("rejects a key over 253 characters", () => {
    expect(errorsFor("keys", { keys: ["k".repeat(254)] })).toEqual([expect.stringContaining("at most 253")]);
  });

  it("rejects an empty key", () => {
    expect(errorsFor("keys", { keys: [""] })).toEqual([expect.stringContaining("must not be empty")]);
  });
});

describe("valueSource and refreshInterval", () => {
  it("accepts custodian for Opaque", () => {
    expect(errorsFor("valueSource", { valueSource: "custodian" })).toEqual([]);
  });

  it("rejects a policy on a key not generated", () => {
    const messages = errorsFor("keyPolicies", {
      secretType: "kubernetes.io/basic-auth",
      keys: ["username", "password"],
      username: "app_user",
      keyPolicies: { username: { length: 20 } },
    });
    expect(messages).toEqual([expect.stringContaining('Key "username" has a value policy')]);
  });

  it("rejects a policy without classes", () => {
    const policy = { length: 20, lowercase: false, uppercase: false, digits: false, symbols: false };
    const messages = errorsFor("keyPolicies", { keyPolicies: { password: policy } });
    expect(messages).toEqual([expect.stringContaining("at least one character class")]);
  });

  it("rejects a policy that excludes a whole class", () => {
    const policy = { length: 20, lowercase: false, uppercase: false, digits: true, excludeCharacters: "0123456789" };
    const messages = errorsFor("keyPolicies", { keyPolicies: { password: policy } });
    expect(messages).toEqual([expect.stringContaining("Every digit character is excluded")]);
  });

  it("defaults dataFrom to off", () => {
    expect(newRequestSchema.parse(valid).useDataFrom).toBe(false);
  });

  it.each(["15m", "1h30m", "24h", "1.5h"])("accepts %s", (refreshInterval) => {
    expect(errorsFor("refreshInterval", { refreshInterval })).toEqual([]);
  });

  it.each(["1 hour", "1d", "h", "-1h"])("rejects %j", (refreshInterval) => {
    expect(errorsFor("refreshInterval", { refreshInterval })).toEqual([expect.stringContaining("not a duration")]);
  });
});

describe("labels and annotations", () => {
  it("accepts valid metadata", () => {
    const result = parseNewRequest({ ...valid, labels: { team: "payments" }, annotations: { "example.com/note": "a: b # c" } });
    expect(result.success).toBe(true);
  });

  it("rejects an invalid label value", () => {
    expect(errorsFor("labels", { labels: { team: "pay ments" } })).toEqual([expect.stringContaining("invalid value")]);
  });

  it("rejects a reserved annotation", () => {
    expect(errorsFor("annotations", { annotations: { "secrets-portal.io/request-id": "x" } })).toEqual([
      expect.stringContaining("reserved"),
    ]);
  });

  it("rejects template markers in annotations", () => {
    expect(errorsFor("annotations", { annotations: { note: "{{ .password }}" } })).toEqual([
      expect.stringContaining("template"),
    ]);
  });
});

describe("toFormErrors", () => {
  it("groups messages by top-level field", () => {
    const result = newRequestSchema.safeParse({ ...valid, keys: ["ok", "bad key"], secretName: "Bad" });
    expect(result.success).toBe(false);
    if (result.success) return;
    const errors = toFormErrors(result.error);
    expect(Object.keys(errors.fieldErrors).sort()).toEqual(["keys", "secretName"]);
    expect(errors.formErrors).toEqual([]);
  });

  it("puts a non-object input in formErrors", () => {
    const result = newRequestSchema.safeParse("not an object");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(toFormErrors(result.error).formErrors).toHaveLength(1);
  });
});
