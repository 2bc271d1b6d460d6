import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parsePortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";

import { checkManifestText } from "./check-manifest-text";
import { checkManifests } from "./check-manifests";
import { summarizeChecks } from "./finding";

const configFile = path.resolve("lib/policy/test-fixtures/portal.config.yaml");
const config = parsePortalConfig(readFileSync(configFile, "utf8"), configFile);

function withPolicy(policy: Partial<PortalConfig["policy"]>): PortalConfig {
  return { ...config, policy: { ...config.policy, ...policy } };
}

function externalSecret(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: "db", namespace: "payments-dev", ...metadata },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { name: "secrets-portal", kind: "SecretStore" },
      data: [{ secretKey: "password", remoteRef: { key: "/dev/payments-api/db", property: "password" } }],
      ...spec,
    },
  };
}

function secretStore(aws: Record<string, unknown> = {}, name = "secrets-portal"): Record<string, unknown> {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "SecretStore",
    metadata: { name, namespace: "payments-dev" },
    spec: {
      provider: {
        aws: { service: "SecretsManager", region: "eu-west-1", auth: { jwt: { serviceAccountRef: { name: "external-secrets" } } }, ...aws },
      },
    },
  };
}

function ruleIds(documents: unknown[], policyConfig: PortalConfig = config): string[] {
  return checkManifests(policyConfig, documents).map((finding) => finding.ruleId);
}

describe("checkManifests", () => {
  it("passes the portal's own manifests", () => {
    expect(checkManifests(config, [externalSecret({}), secretStore()])).toEqual([]);
  });

  it("skips other kinds and groups", () => {
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "default" } };
    const foreign = { apiVersion: "example.com/v1", kind: "ExternalSecret", metadata: { name: "x" } };
    expect(checkManifests(config, [deployment, foreign, null, "text"])).toEqual([]);
  });

  it("refuses a ClusterSecretStore reference", () => {
    const findings = checkManifests(config, [externalSecret({ secretStoreRef: { name: "shared", kind: "ClusterSecretStore" } })]);
    expect(findings).toEqual([
      {
        ruleId: "cluster-secret-store",
        severity: "error",
        message: "Reads through ClusterSecretStore shared, but ClusterSecretStores are not allowed.",
        fix: "Use the application's namespaced SecretStore secrets-portal.",
        resource: "ExternalSecret payments-dev/db",
      },
    ]);
  });

  it("allows a listed ClusterSecretStore when configured", () => {
    const allowed = withPolicy({ clusterSecretStores: { allowed: true, names: ["shared"] } });
    expect(ruleIds([externalSecret({ secretStoreRef: { name: "shared", kind: "ClusterSecretStore" } })], allowed)).toEqual([]);
    expect(ruleIds([externalSecret({ secretStoreRef: { name: "other", kind: "ClusterSecretStore" } })], allowed)).toEqual([
      "cluster-secret-store",
    ]);
  });

  it("refuses another SecretStore", () => {
    const findings = checkManifests(config, [externalSecret({ secretStoreRef: { name: "legacy" } })]);
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ["own-secret-store", "Reads through SecretStore legacy, not the application's own store secrets-portal."],
    ]);
  });

  it("checks per-entry store references", () => {
    const data = [{ secretKey: "a", remoteRef: { key: "/dev/payments-api/db" }, sourceRef: { storeRef: { name: "legacy", kind: "SecretStore" } } }];
    expect(ruleIds([externalSecret({ data })])).toEqual(["own-secret-store"]);
  });

  it("refuses a key outside the prefix", () => {
    const data = [{ secretKey: "a", remoteRef: { key: "/dev/checkout-web/db" } }];
    const [finding] = checkManifests(config, [externalSecret({ data })]);
    expect(finding?.ruleId).toBe("provider-key-prefix");
    expect(finding?.message).toBe('spec.data[0].remoteRef.key reads "/dev/checkout-web/db", outside payments-api\'s prefix "/dev/payments-api/" in dev.');
  });

  it("refuses the prefix itself as a key", () => {
    expect(ruleIds([externalSecret({ data: [{ secretKey: "a", remoteRef: { key: "/dev/payments-api/" } }] })])).toEqual(["provider-key-prefix"]);
  });

  it("checks dataFrom extract keys", () => {
    expect(ruleIds([externalSecret({ data: undefined, dataFrom: [{ extract: { key: "/prod/payments-api/db" } }] })])).toEqual([
      "provider-key-prefix",
    ]);
    expect(ruleIds([externalSecret({ data: undefined, dataFrom: [{ extract: { key: "/dev/payments-api/db" } }] })])).toEqual([]);
  });

  it("accepts find under the prefix", () => {
    expect(ruleIds([externalSecret({ data: undefined, dataFrom: [{ find: { path: "/dev/payments-api/" } }] })])).toEqual([]);
  });

  it("refuses find without a path", () => {
    expect(ruleIds([externalSecret({ data: undefined, dataFrom: [{ find: { name: { regexp: ".*" } } }] })])).toEqual([
      "provider-key-prefix",
    ]);
  });

  it("skips generator entries", () => {
    const data = [{ secretKey: "a", remoteRef: { key: "anything" }, sourceRef: { generatorRef: { kind: "Password", name: "pw" } } }];
    expect(ruleIds([externalSecret({ secretStoreRef: undefined, data })])).toEqual([]);
  });

  it("applies AWS naming to keys", () => {
    expect(ruleIds([externalSecret({ data: [{ secretKey: "a", remoteRef: { key: "/dev/payments-api/db-abc123" } }] })])).toEqual(["naming"]);
  });

  it("refuses an interval below the bounds", () => {
    const [finding] = checkManifests(config, [externalSecret({ refreshInterval: "10m" })]);
    expect(finding?.ruleId).toBe("refresh-interval-bounds");
    expect(finding?.message).toBe("spec.refreshInterval 10m is outside dev's bounds of 15m to 24h.");
  });

  it("compares intervals by length", () => {
    expect(ruleIds([externalSecret({ refreshInterval: "1440m" })])).toEqual([]);
    expect(ruleIds([externalSecret({ refreshInterval: "24h1s" })])).toEqual(["refresh-interval-bounds"]);
  });

  it("uses the ESO default interval", () => {
    const prodSecret = externalSecret({ refreshInterval: undefined, data: [{ secretKey: "a", remoteRef: { key: "/prod/payments-api/db" } }] }, { namespace: "payments" });
    expect(ruleIds([prodSecret])).toEqual([]);
  });

  it("ignores the interval when ESO does", () => {
    expect(ruleIds([externalSecret({ refreshInterval: "0", refreshPolicy: "CreatedOnce" })])).toEqual([]);
    expect(ruleIds([externalSecret({ refreshInterval: "0" })])).toEqual(["refresh-interval-bounds"]);
  });

  it("refuses an unknown namespace", () => {
    const [finding] = checkManifests(config, [externalSecret({}, { namespace: "default" })]);
    expect(finding?.ruleId).toBe("known-application");
    expect(finding?.message).toBe("The resource is in namespace default, which belongs to no configured application.");
  });

  it("infers the scope from labels", () => {
    const labels = { "secrets-portal.io/application": "payments-api", "secrets-portal.io/environment": "dev" };
    expect(ruleIds([externalSecret({}, { labels })])).toEqual([]);
    const wrong = { "secrets-portal.io/application": "checkout-web", "secrets-portal.io/environment": "dev" };
    expect(ruleIds([externalSecret({}, { labels: wrong })])).toEqual(["known-application"]);
  });

  it("labels scope a manifest without namespace", () => {
    const labels = { "secrets-portal.io/application": "payments-api", "secrets-portal.io/environment": "prod" };
    const secret = externalSecret({ data: [{ secretKey: "a", remoteRef: { key: "/dev/payments-api/db" } }] }, { namespace: undefined, labels });
    expect(ruleIds([secret])).toEqual(["provider-key-prefix"]);
  });

  it("checks the SecretStore provider", () => {
    const findings = checkManifests(config, [secretStore({ region: "us-east-1", prefix: "/dev/" })]);
    expect(findings.map((finding) => finding.message)).toEqual([
      "SecretStore reads region us-east-1, but dev keeps its secrets in eu-west-1.",
      "SecretStore sets a key prefix, which changes which secrets its ExternalSecrets read.",
    ]);
  });

  it("refuses a store of another provider", () => {
    const vault = { ...secretStore(), spec: { provider: { vault: { server: "https://vault" } } } };
    expect(ruleIds([vault])).toEqual(["secret-store-provider"]);
  });

  it("refuses a second SecretStore", () => {
    expect(ruleIds([secretStore({}, "extra")])).toEqual(["own-secret-store"]);
  });

  it("refuses a ClusterSecretStore definition", () => {
    const store = { ...secretStore(), kind: "ClusterSecretStore", metadata: { name: "shared" } };
    expect(ruleIds([store])).toEqual(["cluster-secret-store"]);
  });

  it("applies configured severities", () => {
    const relaxed = withPolicy({ rules: { "refresh-interval-bounds": "warning", naming: "off" } });
    const manifest = externalSecret({ refreshInterval: "1m", data: [{ secretKey: "a", remoteRef: { key: "/dev/payments-api/db-abc123" } }] });
    expect(checkManifests(relaxed, [manifest]).map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ["refresh-interval-bounds", "warning"],
    ]);
  });

  it("validates schemas when asked", () => {
    const findings = checkManifests(config, [externalSecret({})], {
      validateSchema: () => ({ valid: false, errors: ['ExternalSecret /spec/target: unknown field "x"'] }),
    });
    expect(findings.map((finding) => finding.ruleId)).toEqual(["crd-schema"]);
  });
});

describe("checkManifestText", () => {
  const text = [
    "# first",
    "apiVersion: external-secrets.io/v1",
    "kind: ExternalSecret",
    "metadata: { name: db, namespace: payments-dev }",
    "spec:",
    "  secretStoreRef:",
    "    name: other # not ours",
    "  data:",
    "    - secretKey: a",
    "      remoteRef:",
    "        key: /dev/payments-api/db",
    "---",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: { name: x }",
    "",
  ].join("\n");

  it("reports the file and line", () => {
    expect(checkManifestText(config, text, { path: "apps/db.yaml" })).toEqual([
      {
        ruleId: "own-secret-store",
        severity: "error",
        message: "Reads through SecretStore other, not the application's own store secrets-portal.",
        fix: "Set spec.secretStoreRef.name to secrets-portal.",
        resource: "ExternalSecret payments-dev/db",
        file: "apps/db.yaml",
        line: 7,
      },
    ]);
  });

  it("ignores invalid YAML of other kinds", () => {
    expect(checkManifestText(config, "{{ .Values.x }}: [\nkind: ConfigMap\n")).toEqual([]);
  });

  it("reports invalid YAML of a checked kind", () => {
    const findings = checkManifestText(config, "kind: ExternalSecret\nmetadata: [\n");
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([["manifest-syntax", 3]]);
  });
});

describe("summarizeChecks", () => {
  it("lists outcomes per rule", () => {
    const relaxed = withPolicy({ rules: { naming: "off", "refresh-interval-bounds": "warning" } });
    const findings = checkManifests(relaxed, [externalSecret({ refreshInterval: "1m", secretStoreRef: { name: "x" } })]);
    const checks = summarizeChecks(relaxed, findings, ["manifests"]);
    expect(checks.map((check) => `${check.ruleId}:${check.outcome}`)).toEqual([
      "manifest-syntax:passed",
      "crd-schema:passed",
      "known-application:passed",
      "cluster-secret-store:passed",
      "own-secret-store:failed",
      "secret-store-provider:passed",
      "provider-key-prefix:passed",
      "refresh-interval-bounds:warning",
    ]);
  });
});
