import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { PORTAL_PORT } from "./support/e2e-settings";
import { REPOSITORY_ROOT } from "./support/sandbox-process";

// Starts the built portal (`next start`) in production mode with one required setting
// missing at a time, and checks that it exits with one error that names the setting.

test.describe.configure({ mode: "serial", timeout: 120_000 });

const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

const COMPLETE: Record<string, string> = {
  PORTAL_MODE: "production",
  NEXTAUTH_SECRET: "production-startup-test-secret-0123456789",
  NEXTAUTH_URL: "https://secrets.example.com",
  GITHUB_WEBHOOK_SECRET: "production-startup-webhook-secret",
  DATABASE_URL: "postgresql://portal@127.0.0.1:1/portal",
  GITHUB_APP_ID: "1001",
  GITHUB_APP_PRIVATE_KEY: privateKey,
  GITHUB_APP_INSTALLATION_ID: "1",
  GITHUB_OAUTH_CLIENT_ID: "Iv1.production-startup",
  GITHUB_OAUTH_CLIENT_SECRET: "production-startup-oauth-secret",
};

// A production configuration: the repository's own file enables the sandbox personas.
const PRODUCTION_CONFIG = `
environments:
  - { name: dev, awsRegion: eu-west-1, awsAccountId: "111111111111", kmsKeyId: alias/dev }
applications:
  - { name: payments-api, owningTeam: payments, namespaces: { dev: payments-dev } }
gitops: { owner: acme, repo: gitops }
teams: { platform: platform, security: security }
auth:
  providers: [github]
  github: { org: acme }
`;

let workDir: string;

test.beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "secrets-portal-startup-"));
  await writeFile(path.join(workDir, "portal.config.yaml"), PRODUCTION_CONFIG);
});

test.afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface StartResult {
  code: number | null;
  output: string;
}

/** Runs `next start` with `env` until it exits, or stops it after `timeoutMs` when it keeps running. */
async function startPortal(env: Record<string, string>, timeoutMs = 60_000): Promise<StartResult> {
  const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, "node_modules/next/dist/bin/next"), "start", "--port", String(PORTAL_PORT), "--hostname", "127.0.0.1"], {
    cwd: REPOSITORY_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORTAL_WORKER: "off",
      PORTAL_DATA_DIR: path.join(workDir, "data"),
      PORTAL_CONFIG: path.join(workDir, "portal.config.yaml"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

for (const name of ["NEXTAUTH_SECRET", "NEXTAUTH_URL", "GITHUB_WEBHOOK_SECRET", "DATABASE_URL", "GITHUB_APP_PRIVATE_KEY", "GITHUB_OAUTH_CLIENT_SECRET"]) {
  test(`refuses to start without ${name}`, async () => {
    const env = { ...COMPLETE };
    delete env[name];

    const result = await startPortal(env);

    expect(result.code).toBe(1);
    expect(result.output).toContain(`Missing environment setting ${name}:`);
    expect(result.output.match(/Missing environment setting/g)).toHaveLength(1);
  });
}

test("refuses the sandbox provider", async () => {
  const config = path.join(workDir, "sandbox-provider.yaml");
  await writeFile(config, PRODUCTION_CONFIG.replace("providers: [github]", "providers: [github, sandbox]"));

  const result = await startPortal({ ...COMPLETE, PORTAL_CONFIG: config });

  expect(result.code).toBe(1);
  expect(result.output).toContain('auth.providers lists "sandbox"');
});

test("starts with every setting", async () => {
  // The portal keeps running, so the test stops it once it is ready.
  const result = await startPortal(COMPLETE, 15_000);

  expect(result.output).toContain("Ready");
  expect(result.output).not.toContain("cannot start in production mode");
});
