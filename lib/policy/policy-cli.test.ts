import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

// Runs the CLI as CI would: a separate process, with its exit code and output lines.
const run = promisify(execFile);
const root = process.cwd();
const fixtures = path.join(root, "lib/policy/test-fixtures");
const config = path.join(fixtures, "portal.config.yaml");
const tsx = path.join(root, "node_modules/.bin/tsx");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function policy(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/policy-cli.ts", ...args], {
      cwd: root,
      env: { ...process.env, INIT_CWD: fixtures, PORTAL_CONFIG: "", LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

const BAD_FINDINGS = [
  'bad/apps/checkout-web/prod/external-secret.yaml:5: error [known-application] ExternalSecret default/session-key: The resource is in namespace default, which belongs to no configured application. Fix: Move it to its application\'s namespace, or add the application and its namespaces to the portal configuration.',
  'bad/apps/checkout-web/prod/external-secret.yaml:10: error [crd-schema] ExternalSecret default/session-key: ExternalSecret /spec/target: unknown field "creationPolicie". Fix: Correct the field as the External Secrets Operator CRD describes it.',
  "bad/apps/checkout-web/prod/external-secret.yaml:26: error [manifest-syntax] Invalid YAML: Flow map in block collection must be sufficiently indented and end with a }. Fix: Correct the YAML syntax.",
  "bad/apps/payments-api/dev/secret-store.yaml:10: error [secret-store-provider] SecretStore payments-dev/secrets-portal: SecretStore reads region us-east-1, but dev keeps its secrets in eu-west-1. Fix: Set spec.provider.aws.region to eu-west-1.",
  "bad/apps/payments-api/dev/secret-store.yaml:11: error [secret-store-provider] SecretStore payments-dev/secrets-portal: SecretStore authenticates as ServiceAccount (none), not external-secrets, whose IAM role is scoped to the application. Fix: Set spec.provider.aws.auth.jwt.serviceAccountRef.name to external-secrets.",
  "bad/apps/payments-api/dev/secret-store.yaml:12: error [secret-store-provider] SecretStore payments-dev/secrets-portal: SecretStore authenticates with static access keys from a Secret. Fix: Remove auth.secretRef and use IRSA through ServiceAccount external-secrets.",
  "bad/apps/payments-api/dev/secrets.yaml:8: error [refresh-interval-bounds] ExternalSecret payments-dev/borrowed: spec.refreshInterval 1m is outside dev's bounds of 15m to 24h. Fix: Set spec.refreshInterval between 15m and 24h.",
  "bad/apps/payments-api/dev/secrets.yaml:9: error [cluster-secret-store] ExternalSecret payments-dev/borrowed: Reads through ClusterSecretStore shared, but ClusterSecretStores are not allowed. Fix: Use the application's namespaced SecretStore secrets-portal.",
  'bad/apps/payments-api/dev/secrets.yaml:15: error [provider-key-prefix] ExternalSecret payments-dev/borrowed: spec.data[0].remoteRef.key reads "/dev/checkout-web/api-token", outside payments-api\'s prefix "/dev/payments-api/" in dev. Fix: Read only secrets under /dev/payments-api/; request other secrets for their own application.',
  "bad/apps/payments-api/dev/secrets.yaml:20: error [cluster-secret-store] ClusterSecretStore shared: ClusterSecretStores are not allowed, because any namespace can read through them. Fix: Use the application's namespaced SecretStore secrets-portal.",
  "bad/apps/payments-api/dev/secrets.yaml:34: error [own-secret-store] ExternalSecret payments-dev/everything: Reads through SecretStore legacy-store, not the application's own store secrets-portal. Fix: Set spec.secretStoreRef.name to secrets-portal.",
  "bad/apps/payments-api/dev/secrets.yaml:36: error [provider-key-prefix] ExternalSecret payments-dev/everything: spec.dataFrom[0].find searches every secret the store's role can list. Fix: Set find.path to the application's prefix, or name the secret with extract.key.",
];

// Each test starts a process that loads the CRD schemas, which takes seconds on a busy machine.
describe("policy check", { timeout: 90_000 }, () => {
  it("good folder exits 0", async () => {
    const result = await policy("check", "good", "--config", config);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("Checked 3 YAML files: 0 violations, 0 warnings.\n");
    expect(result.code).toBe(0);
  });

  it("bad folder lists every finding", async () => {
    const result = await policy("check", "bad", "--config", config);
    expect(lines(result.stdout)).toEqual(BAD_FINDINGS);
    expect(result.stderr).toBe("Checked 4 YAML files: 12 violations, 0 warnings.\n");
    expect(result.code).toBe(1);
  });

  it("warnings alone exit 0", async () => {
    const result = await policy("check", "bad/apps/payments-api/dev", "--config", path.join(fixtures, "warnings.config.yaml"));
    expect(lines(result.stdout)).toHaveLength(9);
    expect(lines(result.stdout).every((line) => line.includes(": warning ["))).toBe(true);
    expect(result.code).toBe(0);
  });

  it("missing folder is a usage error", async () => {
    const result = await policy("check", "no-such-folder", "--config", config);
    expect(result.stderr).toContain("does not exist");
    expect(result.code).toBe(2);
  });

  it("invalid configuration exits 2", async () => {
    const result = await policy("check", "good", "--config", path.join(fixtures, "good/apps/payments-api/dev/kustomization.yaml"));
    expect(result.stderr).toContain("invalid configuration");
    expect(result.code).toBe(2);
  });

  it("unknown command exits 2", async () => {
    const result = await policy("lint", "good");
    expect(result.stderr).toContain('unknown command "lint"');
    expect(result.code).toBe(2);
  });
});

describe("policy render", { timeout: 90_000 }, () => {
  it("prints the request's manifests", async () => {
    const result = await policy(
      "render", "--config", config, "--environment", "dev", "--application", "payments-api",
      "--name", "db-password", "--keys", "username,password", "--refresh-interval", "1h",
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toBe("# apps/payments-api/dev/external-secrets/db-password.yaml");
    expect(result.stdout).toContain("key: /dev/payments-api/db-password");
    expect(result.stdout).toContain("# apps/payments-api/dev/secret-store.yaml");
    expect(result.stderr).toBe("");
  });

  it("renders dataFrom, type and labels", async () => {
    const result = await policy(
      "render", "--config", config, "--environment", "dev", "--application", "payments-api", "--name", "db-login",
      "--keys", "username,password", "--type", "kubernetes.io/basic-auth", "--data-from", "--label", "team=payments",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("      type: kubernetes.io/basic-auth\n");
    expect(result.stdout).toContain("  dataFrom:\n    - extract:\n        key: /dev/payments-api/db-login\n");
    expect(result.stdout).toContain("          team: payments\n");
  });

  it("label without value is a usage error", async () => {
    const result = await policy(
      "render", "--config", config, "--environment", "dev", "--application", "payments-api", "--name", "x", "--keys", "a", "--label", "team",
    );
    expect(result.stderr).toContain("--label team must be key=value");
    expect(result.code).toBe(2);
  });

  it("reports a production request without justification", async () => {
    const result = await policy(
      "render", "--config", config, "--environment", "prod", "--application", "payments-api",
      "--name", "db-password", "--keys", "password",
    );
    expect(lines(result.stderr)).toEqual([
      "error [production-justification] A justification is required in production environment prod. Fix: Say why the application needs this secret, in at least 20 characters.",
    ]);
    expect(result.code).toBe(1);
  });

  it("missing flags are a usage error", async () => {
    const result = await policy("render", "--config", config, "--environment", "dev");
    expect(result.stderr).toContain("render needs --application, --name, --keys");
    expect(result.code).toBe(2);
  });
});
