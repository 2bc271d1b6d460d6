import { describe, expect, it } from "vitest";

import { isDns1123Label, isDns1123Subdomain } from "./dns-names";
import { externalSecretName, kubernetesSecretName } from "./kubernetes-names";
import { NamingError } from "./naming-error";

describe("isDns1123Label", () => {
  it.each(["a", "payments-dev", "0abc", "a".repeat(63)])("accepts %s", (value) => {
    expect(isDns1123Label(value)).toBe(true);
  });

  it.each(["", "A", "-a", "a-", "a.b", "a_b", "a".repeat(64)])("rejects %j", (value) => {
    expect(isDns1123Label(value)).toBe(false);
  });
});

describe("isDns1123Subdomain", () => {
  it.each(["a", "a.b", "my-app.example.com", `${"a".repeat(63)}.${"b".repeat(189)}`])("accepts %s", (value) => {
    expect(isDns1123Subdomain(value)).toBe(true);
  });

  it.each(["", "a..b", ".a", "a.", "A.b", "a_b", "a".repeat(254)])("rejects %j", (value) => {
    expect(isDns1123Subdomain(value)).toBe(false);
  });
});

describe("kubernetesSecretName", () => {
  it("returns the secret name", () => {
    expect(kubernetesSecretName("database-password")).toBe("database-password");
  });

  it("rejects an invalid name", () => {
    expect(() => kubernetesSecretName("Database")).toThrow(NamingError);
  });
});

describe("externalSecretName", () => {
  it("matches the Secret name", () => {
    expect(externalSecretName("database-password")).toBe(kubernetesSecretName("database-password"));
  });

  it("rejects a name over 253 characters", () => {
    expect(() => externalSecretName("a".repeat(254))).toThrow(/not a valid Kubernetes name/);
  });
});
