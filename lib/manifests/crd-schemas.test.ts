import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

import { CrdSchemasMissingError, FETCHED_CRDS_DIR, loadCrdValidator, REFERENCE_CRDS_DIR, resolveCrdDirectory, validateManifest } from "./crd-schemas";
import { buildExternalSecret } from "./external-secret";
import { renderRequestFiles } from "./render-request-files";
import { buildSecretStore } from "./secret-store";
import { loadSandboxConfig, sampleRequest } from "./test-fixtures";

// These tests need the ESO CRDs. Without them they fail with CrdSchemasMissingError, whose
// message tells the reader to set ESO_CRDS_DIR or run `npm run eso-crds:fetch`.

const config = loadSandboxConfig();
const temporaryDirectories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "eso-crds-"));
  temporaryDirectories.push(directory);
  return directory;
}

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function validExternalSecret(): Record<string, unknown> {
  return structuredClone(
    buildExternalSecret({
      name: "database-password",
      namespace: "payments-dev",
      storeName: "secrets-portal",
      providerName: "/dev/payments-api/database-password",
      keys: ["password"],
      refreshInterval: "1h",
      requestId: sampleRequest.id,
      application: "payments-api",
      environment: "dev",
    }),
  ) as unknown as Record<string, unknown>;
}

describe("validateManifest", () => {
  it("accepts every file for every application and environment", () => {
    for (const environment of config.environments) {
      for (const application of config.applications) {
        const request = {
          ...sampleRequest,
          environment: environment.name,
          application: application.name,
          namespace: application.namespaces[environment.name] ?? "",
          providerName: `/${environment.name}/${application.name}/${sampleRequest.secretName}`,
          refreshInterval: environment.refreshInterval.default,
        };
        for (const file of renderRequestFiles({ config, request, existingPaths: new Set() })) {
          expect(validateManifest(parse(file.content)), `${file.path}`).toEqual({ valid: true, errors: [] });
        }
      }
    }
  });

  it("accepts requested labels, annotations and types", () => {
    const manifest = buildExternalSecret({
      name: "registry",
      namespace: "payments-dev",
      storeName: "secrets-portal",
      providerName: "/dev/payments-api/registry",
      keys: [".dockerconfigjson", "tls.crt", "API_KEY", "a-b_c.d"],
      refreshInterval: "15m30s",
      requestId: sampleRequest.id,
      application: "payments-api",
      environment: "dev",
      secretType: "Opaque",
      labels: { team: "payments", "example.com/tier": "" },
      annotations: { "example.com/note": "line one\nline: two # 😀" },
      description: "yes",
      requestUrl: "https://portal.example.com/requests/1",
    });
    expect(validateManifest(manifest)).toEqual({ valid: true, errors: [] });
  });

  it("accepts the SecretStore", () => {
    const store = buildSecretStore({
      name: "secrets-portal",
      namespace: "payments-dev",
      region: "eu-west-1",
      serviceAccount: "external-secrets",
      environment: "dev",
      application: "payments-api",
    });
    expect(validateManifest(store)).toEqual({ valid: true, errors: [] });
  });

  it("rejects an invalid creationPolicy", () => {
    const manifest = validExternalSecret();
    (manifest.spec as { target: Record<string, unknown> }).target.creationPolicy = "Always";
    expect(validateManifest(manifest).errors).toEqual([
      "ExternalSecret /spec/target/creationPolicy: must be one of Owner, Orphan, Merge, None, CreateOrMerge",
    ]);
  });

  it("rejects an unknown field", () => {
    const manifest = validExternalSecret();
    (manifest.spec as Record<string, unknown>).refreshIntervall = "1h";
    expect(validateManifest(manifest).errors).toEqual(['ExternalSecret /spec: unknown field "refreshIntervall"']);
  });

  it("rejects a data entry without remoteRef.key", () => {
    const manifest = validExternalSecret();
    (manifest.spec as { data: Array<{ remoteRef: Record<string, unknown> }> }).data[0]!.remoteRef = { property: "password" };
    expect(validateManifest(manifest).errors).toEqual(['ExternalSecret /spec/data/0/remoteRef: missing required field "key"']);
  });

  it("rejects an invalid secretKey", () => {
    const manifest = validExternalSecret();
    (manifest.spec as { data: Array<Record<string, unknown>> }).data[0]!.secretKey = "pass word";
    expect(validateManifest(manifest).valid).toBe(false);
  });

  it("rejects a refreshInterval of the wrong type", () => {
    const manifest = validExternalSecret();
    (manifest.spec as Record<string, unknown>).refreshInterval = 3600;
    expect(validateManifest(manifest).errors).toEqual(["ExternalSecret /spec/refreshInterval: must be string"]);
  });

  it("rejects a missing namespace", () => {
    const manifest = validExternalSecret();
    delete (manifest.metadata as Record<string, unknown>).namespace;
    expect(validateManifest(manifest).errors).toEqual(['ExternalSecret /metadata: missing required field "namespace"']);
  });

  it("rejects an invalid name", () => {
    const manifest = validExternalSecret();
    (manifest.metadata as Record<string, unknown>).name = "Database_Password";
    expect(validateManifest(manifest).valid).toBe(false);
  });

  it("rejects an invalid label", () => {
    const manifest = validExternalSecret();
    (manifest.metadata as { labels: Record<string, string> }).labels.team = "two words";
    expect(validateManifest(manifest).errors).toEqual([expect.stringMatching(/^ExternalSecret \/metadata\/labels: Label "team"/)]);
  });

  it("rejects the unserved v1beta1 API", () => {
    const manifest = { ...validExternalSecret(), apiVersion: "external-secrets.io/v1beta1" };
    expect(validateManifest(manifest).errors).toEqual([expect.stringContaining('apiVersion "external-secrets.io/v1beta1"')]);
  });

  it("rejects an unknown kind", () => {
    expect(validateManifest({ ...validExternalSecret(), kind: "Secret" }).valid).toBe(false);
  });

  it("rejects a non-object", () => {
    expect(validateManifest("kind: ExternalSecret").valid).toBe(false);
  });

  it("rejects a store with two providers", () => {
    const store = buildSecretStore({
      name: "secrets-portal",
      namespace: "payments-dev",
      region: "eu-west-1",
      serviceAccount: "external-secrets",
      environment: "dev",
      application: "payments-api",
    }) as unknown as { spec: { provider: Record<string, unknown> } };
    store.spec.provider.fake = { data: [] };
    expect(validateManifest(store).valid).toBe(false);
  });
});

describe("loadCrdValidator", () => {
  it("lists the served storage versions", () => {
    expect(loadCrdValidator().resources).toEqual(
      expect.arrayContaining(["external-secrets.io/v1 ExternalSecret", "external-secrets.io/v1 SecretStore"]),
    );
  });

  it("explains how to get missing CRDs", () => {
    const missing = path.join(temporaryDirectory(), "absent");
    expect(() => loadCrdValidator(missing)).toThrow(CrdSchemasMissingError);
    expect(() => loadCrdValidator(missing)).toThrow(/Set ESO_CRDS_DIR .* or run `npm run eso-crds:fetch`/);
  });

  it("rejects a folder without the ESO CRDs", () => {
    expect(() => loadCrdValidator(temporaryDirectory())).toThrow(/for ExternalSecret and SecretStore were not found/);
  });
});

describe("resolveCrdDirectory", () => {
  it("prefers ESO_CRDS_DIR", () => {
    expect(resolveCrdDirectory({ ESO_CRDS_DIR: "crds" }, "/repo")).toBe(path.resolve("/repo/crds"));
  });

  it("uses the reference copy when present", () => {
    const root = temporaryDirectory();
    const repository = path.join(root, "main");
    mkdirSync(path.join(root, "shared/reference/eso-crds"), { recursive: true });
    expect(resolveCrdDirectory({}, repository)).toBe(path.resolve(repository, REFERENCE_CRDS_DIR));
  });

  it("falls back to the fetched copy", () => {
    const repository = path.join(temporaryDirectory(), "main");
    expect(resolveCrdDirectory({}, repository)).toBe(path.resolve(repository, FETCHED_CRDS_DIR));
  });
});
