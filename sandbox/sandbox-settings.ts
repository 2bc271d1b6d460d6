import { generateKeyPairSync, randomBytes } from "node:crypto";
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
  /** The simulated GitHub App the portal authenticates as, with its key pair in PEM form. */
  githubApp: { appId: number; installationId: number; privateKey: string; publicKey: string };
}

interface SandboxSecrets {
  webhookSecret: string;
  sessionSecret: string;
  appPrivateKey: string;
  appPublicKey: string;
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
 * protect nothing real: the sandbox talks only to its own simulators. A file from an older
 * sandbox gets the values it lacks added.
 */
function sandboxSecrets(dataDir: string): SandboxSecrets {
  const file = path.join(dataDir, "sandbox-secrets.json");
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxSecrets>) : {};
  if (stored.webhookSecret && stored.sessionSecret && stored.appPrivateKey && stored.appPublicKey) return stored as SandboxSecrets;

  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const secrets: SandboxSecrets = {
    webhookSecret: stored.webhookSecret ?? randomBytes(32).toString("hex"),
    sessionSecret: stored.sessionSecret ?? randomBytes(32).toString("hex"),
    appPrivateKey: keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    appPublicKey: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
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
    githubApp: { appId: 1001, installationId: 1, privateKey: secrets.appPrivateKey, publicKey: secrets.appPublicKey },
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
    // The portal authenticates as the simulated GitHub App, as production does by default.
    GITHUB_APP_ID: String(settings.githubApp.appId),
    GITHUB_APP_PRIVATE_KEY: settings.githubApp.privateKey,
    GITHUB_APP_INSTALLATION_ID: String(settings.githubApp.installationId),
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
