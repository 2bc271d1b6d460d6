import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Ports, folders and generated secrets of one sandbox; every value can be set from the environment. */
export interface SandboxSettings {
  dataDir: string;
  portalPort: number;
  githubPort: number;
  awsPort: number;
  portalUrl: string;
  githubUrl: string;
  awsUrl: string;
  webhookSecret: string;
  sessionSecret: string;
  githubToken: string;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65_535) {
    throw new Error(`${name} must be a TCP port between 1 and 65535, not "${value}".`);
  }
  return parsed;
}

/**
 * Secrets of the sandbox, made once per data folder so sessions survive a restart. They
 * protect nothing real: the sandbox talks only to its own simulators.
 */
function sandboxSecrets(dataDir: string): { webhookSecret: string; sessionSecret: string } {
  const file = path.join(dataDir, "sandbox-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { webhookSecret: string; sessionSecret: string };

  const secrets = { webhookSecret: randomBytes(32).toString("hex"), sessionSecret: randomBytes(32).toString("hex") };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function readSandboxSettings(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  const dataDir = path.resolve(env.PORTAL_DATA_DIR ?? ".data");
  mkdirSync(dataDir, { recursive: true });

  const portalPort = port(env.PORT, 3000, "PORT");
  const githubPort = port(env.SANDBOX_GITHUB_PORT, portalPort + 1, "SANDBOX_GITHUB_PORT");
  const awsPort = port(env.SANDBOX_AWS_PORT, portalPort + 2, "SANDBOX_AWS_PORT");
  const secrets = sandboxSecrets(dataDir);

  return {
    dataDir,
    portalPort,
    githubPort,
    awsPort,
    portalUrl: `http://localhost:${portalPort}`,
    githubUrl: `http://127.0.0.1:${githubPort}`,
    awsUrl: `http://127.0.0.1:${awsPort}`,
    webhookSecret: secrets.webhookSecret,
    sessionSecret: secrets.sessionSecret,
    githubToken: "sandbox-portal-token",
  };
}

/** The environment the portal process runs with in the sandbox. */
export function portalEnvironment(settings: SandboxSettings, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PORTAL_MODE: "sandbox",
    PORTAL_DATA_DIR: settings.dataDir,
    PORT: String(settings.portalPort),
    PORTAL_URL: settings.portalUrl,
    NEXTAUTH_URL: settings.portalUrl,
    NEXTAUTH_SECRET: settings.sessionSecret,
    GITHUB_API_URL: settings.githubUrl,
    GITHUB_TOKEN: settings.githubToken,
    GITHUB_WEBHOOK_SECRET: settings.webhookSecret,
    SANDBOX_GITHUB_URL: settings.githubUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: settings.awsUrl,
    SANDBOX_AWS_URL: settings.awsUrl,
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_REGION: base.AWS_REGION ?? "eu-west-1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
