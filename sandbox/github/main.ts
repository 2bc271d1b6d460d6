import { logger } from "@/lib/log";

import { startGitHubSimulator } from "./server";

// Starts the GitHub simulator on its own for manual use:
//   npx tsx sandbox/github/main.ts
// Environment (all optional):
//   GITHUB_SIM_HOST            listening address, default 127.0.0.1
//   GITHUB_SIM_PORT            port, default 4010 (0 picks a free one)
//   GITHUB_SIM_DATA_DIR        bare repositories and state, default .data/github
//   GITHUB_SIM_PUBLIC_URL      base of html_url links, default the listening URL
//   GITHUB_SIM_REPOSITORIES    comma-separated owner/repo list, default acme/gitops
//   GITHUB_SIM_USERS           comma-separated persona logins, default pat-platform,dana-dev,sam-security
//   GITHUB_SIM_TOKENS          comma-separated accepted tokens, default any non-empty token
//   GITHUB_SIM_WEBHOOK_URL     where to POST signed webhooks
//   GITHUB_SIM_WEBHOOK_SECRET  HMAC secret for X-Hub-Signature-256 (required with the URL)

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined || value.trim() === "") return fallback;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseRepository(value: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = value.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new Error(`GITHUB_SIM_REPOSITORIES entry "${value}" is invalid: write it as owner/repo.`);
  }
  return { owner, repo };
}

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.GITHUB_SIM_PORT ?? "4010");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`GITHUB_SIM_PORT "${env.GITHUB_SIM_PORT ?? ""}" is invalid: use a port number from 0 to 65535.`);
  }

  const webhookUrl = env.GITHUB_SIM_WEBHOOK_URL;
  const webhookSecret = env.GITHUB_SIM_WEBHOOK_SECRET;
  if (webhookUrl && !webhookSecret) {
    throw new Error("GITHUB_SIM_WEBHOOK_SECRET is missing: set it whenever GITHUB_SIM_WEBHOOK_URL is set.");
  }

  const tokens = env.GITHUB_SIM_TOKENS ? list(env.GITHUB_SIM_TOKENS, []) : undefined;
  const simulator = await startGitHubSimulator({
    host: env.GITHUB_SIM_HOST ?? "127.0.0.1",
    port,
    dataDir: env.GITHUB_SIM_DATA_DIR ?? ".data/github",
    publicUrl: env.GITHUB_SIM_PUBLIC_URL,
    repositories: list(env.GITHUB_SIM_REPOSITORIES, ["acme/gitops"]).map(parseRepository),
    users: list(env.GITHUB_SIM_USERS, ["pat-platform", "dana-dev", "sam-security"]).map((login) => ({ login })),
    tokens,
    webhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
  });

  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error, component: "github-simulator" }, "github-simulator: stopping failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error, component: "github-simulator" }, "github-simulator: start failed");
  process.exit(1);
});
