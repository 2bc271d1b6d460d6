import "server-only";

import { z } from "zod";

// Environment settings that differ between the sandbox and production. Secrets come only
// from the environment, never from portal.config.yaml.
const envSchema = z.object({
  PORTAL_MODE: z.enum(["sandbox", "production"]).default("sandbox"),
  PORTAL_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)").optional(),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_APP_ID: z.string().regex(/^[0-9]+$/, "must be the numeric GitHub App id").optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  GITHUB_APP_INSTALLATION_ID: z.string().regex(/^[0-9]+$/, "must be the numeric installation id").optional(),
  GITHUB_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: z.url().optional(),
  DATABASE_URL: z.string().optional(),
});

export type PortalEnv = z.infer<typeof envSchema> & { portalUrl: string };

export function readPortalEnv(source: Record<string, string | undefined> = process.env): PortalEnv {
  const result = envSchema.safeParse(withoutEmptyValues(source));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return { ...env, portalUrl: (env.PORTAL_URL ?? env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "") };
}

// An exported but empty variable (`GITHUB_TOKEN=`) counts as missing, never as a secret.
function withoutEmptyValues(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""));
}

export function requireSetting(value: string | undefined, name: string, purpose: string): string {
  if (!value) throw new Error(`Missing environment setting ${name}: ${purpose}.`);
  return value;
}

/** Credentials of the portal's own GitHub calls: a GitHub App installation or a token. */
export type GitHubCredentials =
  | { kind: "app"; appId: string; privateKey: string; installationId: string }
  | { kind: "token"; token: string };

/**
 * Picks the GitHub App when any of its three settings is present (and then requires all
 * three), otherwise GITHUB_TOKEN. Throws an error that names each missing setting.
 */
export function readGitHubCredentials(env: PortalEnv): GitHubCredentials {
  const problems = githubCredentialProblems(env);
  if (problems.length > 0) throw new Error(problems.join("\n"));

  if (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY && env.GITHUB_APP_INSTALLATION_ID) {
    return {
      kind: "app",
      appId: env.GITHUB_APP_ID,
      // Deployment tools often store a PEM on one line with literal "\n" sequences.
      privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"),
      installationId: env.GITHUB_APP_INSTALLATION_ID,
    };
  }
  return { kind: "token", token: env.GITHUB_TOKEN as string };
}

const APP_SETTINGS = {
  GITHUB_APP_ID: "the GitHub App's numeric id (App settings > General > App ID)",
  GITHUB_APP_PRIVATE_KEY: "the GitHub App's private key in PEM form (App settings > Private keys)",
  GITHUB_APP_INSTALLATION_ID: "the id of the App's installation on the GitOps repository's organization",
} as const;

function githubCredentialProblems(env: PortalEnv): string[] {
  const appSettings = Object.keys(APP_SETTINGS) as (keyof typeof APP_SETTINGS)[];
  const present = appSettings.filter((name) => env[name] !== undefined);

  if (present.length > 0) {
    return appSettings
      .filter((name) => env[name] === undefined)
      .map((name) => `Missing environment setting ${name}: ${APP_SETTINGS[name]}; the GitHub App needs all three App settings.`);
  }
  if (env.GITHUB_TOKEN) return [];
  return [
    "Missing GitHub credentials: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID " +
      "(a GitHub App installation, preferred) or GITHUB_TOKEN (a token that can push branches and open pull requests).",
  ];
}

/** Sign-in providers named in the configuration, as the start-up check needs them. */
export interface ProviderSettings {
  providers: readonly string[];
}

const PRODUCTION_SETTINGS = {
  NEXTAUTH_SECRET: "the key that encrypts session cookies (generate one with `openssl rand -base64 32`)",
  NEXTAUTH_URL: "the portal's public base URL, such as https://secrets.example.com, for sign-in callbacks",
  GITHUB_WEBHOOK_SECRET: "the secret of the GitOps repository's webhook",
  DATABASE_URL: "the PostgreSQL connection string",
} as const;

/**
 * Lists every problem that stops a production start: a missing required setting, missing
 * GitHub credentials, a sign-in provider without its secret, or the sandbox persona
 * provider. Returns an empty list in sandbox mode and when production is complete.
 */
export function productionStartupProblems(source: Record<string, string | undefined>, auth: ProviderSettings): string[] {
  const env = readPortalEnv(source);
  if (env.PORTAL_MODE !== "production") return [];

  const problems: string[] = [];
  for (const [name, purpose] of Object.entries(PRODUCTION_SETTINGS)) {
    if (env[name as keyof typeof PRODUCTION_SETTINGS] === undefined) problems.push(`Missing environment setting ${name}: ${purpose}.`);
  }
  problems.push(...githubCredentialProblems(env));

  if (auth.providers.includes("sandbox")) {
    problems.push(
      'auth.providers lists "sandbox": sandbox personas let anyone pick an identity, so production refuses them. ' +
        'Remove "sandbox" and configure "github" or "oidc".',
    );
  }
  if (auth.providers.includes("github")) {
    for (const name of ["GITHUB_OAUTH_CLIENT_ID", "GITHUB_OAUTH_CLIENT_SECRET"] as const) {
      if (env[name] === undefined) problems.push(`Missing environment setting ${name}: the GitHub OAuth App's credentials for "github" sign-in.`);
    }
  }
  if (auth.providers.includes("oidc") && env.OIDC_CLIENT_SECRET === undefined) {
    problems.push('Missing environment setting OIDC_CLIENT_SECRET: the client secret of the "oidc" sign-in provider.');
  }
  return problems;
}

/** Throws one error that lists every production start-up problem, or returns when there is none. */
export function assertProductionStartup(source: Record<string, string | undefined>, auth: ProviderSettings): void {
  const problems = productionStartupProblems(source, auth);
  if (problems.length === 0) return;
  throw new Error(`The portal cannot start in production mode:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
}
