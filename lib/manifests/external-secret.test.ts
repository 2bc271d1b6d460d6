import { describe, expect, it } from "vitest";

import { buildExternalSecret, type ExternalSecretInput } from "./external-secret";
import { ManifestError } from "./manifest-error";

const input: ExternalSecretInput = {
  name: "database-password",
  namespace: "payments-dev",
  storeName: "secrets-portal",
  providerName: "/dev/payments-api/database-password",
  keys: ["username", "password"],
  refreshInterval: "1h",
  requestId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  application: "payments-api",
  environment: "dev",
};

function problemsOf(overrides: Partial<ExternalSecretInput>): string[] {
  try {
    buildExternalSecret({ ...input, ...overrides });
    return [];
  } catch (error) {
    if (error instanceof ManifestError) return error.problems;
    throw error;
  }
}

describe("buildExternalSecret", () => {
  it("builds the expected manifest", () => {
    expect(buildExternalSecret(input)).toEqual({
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: {
        name: "database-password",
        namespace: "payments-dev",
        labels: {
          "app.kubernetes.io/managed-by": "secrets-portal",
          "secrets-portal.io/application": "payments-api",
          "secrets-portal.io/environment": "dev",
        },
        annotations: { "secrets-portal.io/request-id": "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
      },
      spec: {
        refreshInterval: "1h",
        secretStoreRef: { name: "secrets-portal", kind: "SecretStore" },
        target: { name: "database-password", creationPolicy: "Owner", deletionPolicy: "Retain" },
        data: [
          { secretKey: "username", remoteRef: { key: "/dev/payments-api/database-password", property: "username" } },
          { secretKey: "password", remoteRef: { key: "/dev/payments-api/database-password", property: "password" } },
        ],
      },
    });
  });

  it("adds request link and description annotations", () => {
    const manifest = buildExternalSecret({ ...input, requestUrl: "https://portal.example.com/requests/1", description: "DB user" });
    expect(manifest.metadata.annotations).toEqual({
      "secrets-portal.io/description": "DB user",
      "secrets-portal.io/request-id": input.requestId,
      "secrets-portal.io/request-url": "https://portal.example.com/requests/1",
    });
  });

  it("omits the template for a plain Opaque secret", () => {
    expect(buildExternalSecret(input).spec.target.template).toBeUndefined();
  });

  it("puts requested metadata in the target template", () => {
    const manifest = buildExternalSecret({ ...input, labels: { team: "payments" }, annotations: { "example.com/owner": "Dana" } });
    expect(manifest.spec.target.template).toEqual({
      type: "Opaque",
      engineVersion: "v2",
      metadata: {
        labels: {
          "app.kubernetes.io/managed-by": "secrets-portal",
          "secrets-portal.io/application": "payments-api",
          "secrets-portal.io/environment": "dev",
          team: "payments",
        },
        annotations: { "example.com/owner": "Dana", "secrets-portal.io/request-id": input.requestId },
      },
    });
  });

  it("sets the template type for other secret types", () => {
    expect(buildExternalSecret({ ...input, secretType: "kubernetes.io/basic-auth" }).spec.target.template?.type).toBe(
      "kubernetes.io/basic-auth",
    );
  });

  it("sorts label keys", () => {
    const manifest = buildExternalSecret({ ...input, labels: { zeta: "1", alpha: "2" } });
    expect(Object.keys(manifest.spec.target.template?.metadata?.labels ?? {})).toEqual([
      "alpha",
      "app.kubernetes.io/managed-by",
      "secrets-portal.io/application",
      "secrets-portal.io/environment",
      "zeta",
    ]);
  });

  it("throws ManifestError for invalid input", () => {
    expect(() => buildExternalSecret({ ...input, name: "Bad_Name" })).toThrow(ManifestError);
  });

  it.each<[string, Partial<ExternalSecretInput>, string]>([
    ["name", { name: "Bad_Name" }, "DNS-1123 subdomain"],
    ["namespace", { namespace: "a.b" }, "DNS-1123 label"],
    ["store name", { storeName: "-store" }, "SecretStore name"],
    ["provider name", { providerName: "/dev/app/db-abc123" }, "six letters or digits"],
    ["empty keys", { keys: [] }, "At least one key"],
    ["bad key", { keys: ["a b"] }, 'Key "a b"'],
    ["duplicate key", { keys: ["a", "a"] }, "listed twice"],
    ["refresh interval", { refreshInterval: "1 hour" }, "Go duration"],
    ["application label", { application: "Payments API" }, "invalid value"],
    ["reserved annotation", { annotations: { "secrets-portal.io/request-id": "x" } }, "reserved"],
    ["description", { description: "bad \uDC00" }, "invalid Unicode"],
    ["template marker", { annotations: { note: "{{ .password }}" } }, "template"],
  ])("rejects invalid %s", (_case, overrides, fragment) => {
    expect(problemsOf(overrides)).toEqual([expect.stringContaining(fragment)]);
  });
});
