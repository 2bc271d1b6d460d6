import "server-only";

import { z } from "zod";

// Environment settings that differ between the sandbox and production. Secrets come only
// from the environment, never from portal.config.yaml.
const envSchema = z.object({
  PORTAL_MODE: z.enum(["sandbox", "production"]).default("sandbox"),
  PORTAL_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: z.url().optional(),
  DATABASE_URL: z.string().optional(),
});

export type PortalEnv = z.infer<typeof envSchema> & { portalUrl: string };

export function readPortalEnv(source: NodeJS.ProcessEnv = process.env): PortalEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return { ...env, portalUrl: (env.PORTAL_URL ?? env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "") };
}

export function requireSetting(value: string | undefined, name: string, purpose: string): string {
  if (!value) throw new Error(`Missing environment setting ${name}: ${purpose}.`);
  return value;
}
