import { describe, expect, it } from "vitest";

import { ManifestError } from "./manifest-error";
import { buildSecretStore, type SecretStoreInput } from "./secret-store";

const input: SecretStoreInput = {
  name: "secrets-portal",
  namespace: "payments-dev",
  region: "eu-west-1",
  serviceAccount: "external-secrets",
  environment: "dev",
  application: "payments-api",
};

describe("buildSecretStore", () => {
  it("builds a namespaced AWS store", () => {
    expect(buildSecretStore(input)).toEqual({
      apiVersion: "external-secrets.io/v1",
      kind: "SecretStore",
      metadata: {
        name: "secrets-portal",
        namespace: "payments-dev",
        labels: {
          "app.kubernetes.io/managed-by": "secrets-portal",
          "secrets-portal.io/application": "payments-api",
          "secrets-portal.io/environment": "dev",
        },
      },
      spec: {
        provider: {
          aws: {
            service: "SecretsManager",
            region: "eu-west-1",
            auth: { jwt: { serviceAccountRef: { name: "external-secrets" } } },
          },
        },
      },
    });
  });

  it.each<[string, Partial<SecretStoreInput>, RegExp]>([
    ["region", { region: "europe" }, /AWS region "europe"/],
    ["namespace", { namespace: "Payments" }, /Namespace "Payments"/],
    ["service account", { serviceAccount: "external_secrets" }, /ServiceAccount name/],
    ["name", { name: "" }, /SecretStore name ""/],
  ])("rejects invalid %s", (_case, overrides, message) => {
    expect(() => buildSecretStore({ ...input, ...overrides })).toThrow(message);
  });

  it("throws ManifestError", () => {
    expect(() => buildSecretStore({ ...input, region: "x" })).toThrow(ManifestError);
  });
});
