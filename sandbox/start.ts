// `npm start`: runs the whole sandbox — the GitHub and Secrets Manager simulators and the
// portal — on this machine, with no account anywhere. Stop it with Ctrl+C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { loadPortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";
import { logger } from "@/lib/log";

import { startSecretsManagerSimulator } from "./aws/server";
import type { SimulatedOrganization } from "./github/organizations";
import { startGitHubSimulator } from "./github/server";
import { gitopsSeedFiles } from "./gitops-seed";
import { portalEnvironment, readSandboxSettings } from "./sandbox-settings";

const log = logger.child({ component: "sandbox" });

function startPortal(env: NodeJS.ProcessEnv, port: number): ChildProcess {
  const nextBin = path.resolve("node_modules/next/dist/bin/next");
  const production = process.argv.includes("--production");

  if (production && !existsSync(path.resolve(".next/BUILD_ID"))) {
    log.info("building the portal for production mode");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed; see the output above.");
  }

  const args = production ? ["start"] : ["dev"];
  return spawn(process.execPath, [nextBin, ...args, "--port", String(port), "--hostname", "127.0.0.1"], {
    stdio: "inherit",
    env,
  });
}

/** Builds the GitOps repository's owner as an organization whose teams are the personas' teams. */
function sandboxOrganization(config: PortalConfig): SimulatedOrganization {
  const slugs = new Set(config.sandbox.personas.flatMap((persona) => persona.teams));
  return {
    login: config.gitops.owner,
    members: config.sandbox.personas.map((persona) => ({ login: persona.login })),
    teams: [...slugs].map((slug) => ({
      slug,
      members: config.sandbox.personas.filter((persona) => persona.teams.includes(slug)).map((persona) => ({ login: persona.login })),
    })),
  };
}

/** How long `next start` may take to close its open connections before it is killed. */
const PORTAL_STOP_TIMEOUT_MS = 10_000;

/**
 * Stops the portal and waits for it to exit, because `next start` keeps running while a
 * browser holds a connection open and would outlive the launcher, holding its port.
 */
async function stopPortal(portal: ChildProcess): Promise<void> {
  if (portal.exitCode !== null || portal.signalCode !== null) return;

  const exited = new Promise<void>((resolve) => portal.once("exit", () => resolve()));
  portal.kill("SIGTERM");
  const timer = setTimeout(() => {
    log.warn({ pid: portal.pid, timeoutMs: PORTAL_STOP_TIMEOUT_MS }, "portal did not stop in time; killing it");
    portal.kill("SIGKILL");
  }, PORTAL_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function migratePostgresIfConfigured(env: NodeJS.ProcessEnv): void {
  if (!env.DATABASE_URL) return;
  const result = spawnSync("npm", ["run", "--silent", "db:migrate"], { stdio: "inherit", env });
  if (result.status !== 0) throw new Error("Migrating DATABASE_URL failed; see the output above.");
}

async function main(): Promise<void> {
  const settings = readSandboxSettings();
  const config = loadPortalConfig();
  const env = portalEnvironment(settings);

  migratePostgresIfConfigured(env);

  const aws = await startSecretsManagerSimulator({
    port: settings.awsPort,
    dataFile: path.join(settings.dataDir, "aws", "secrets-manager.json"),
    region: config.environments[0]?.awsRegion,
    accountId: config.environments[0]?.awsAccountId,
  });
  const github = await startGitHubSimulator({
    port: settings.githubPort,
    dataDir: path.join(settings.dataDir, "github"),
    webhook: { url: `http://127.0.0.1:${settings.portalPort}/api/webhooks/github`, secret: settings.webhookSecret },
    repositories: [
      {
        owner: config.gitops.owner,
        repo: config.gitops.repo,
        defaultBranch: config.gitops.baseBranch,
        seedFiles: gitopsSeedFiles(config),
      },
    ],
    users: config.sandbox.personas.map((persona) => ({ login: persona.login, name: persona.name })),
    tokens: [settings.githubToken],
    app: { appId: settings.githubApp.appId, slug: "secrets-portal", publicKey: settings.githubApp.publicKey },
    installationId: settings.githubApp.installationId,
    organizations: [sandboxOrganization(config)],
  });

  const portal = startPortal(env, settings.portalPort);
  const repositoryPath = path.join(settings.dataDir, "github", config.gitops.owner, `${config.gitops.repo}.git`);
  log.info(
    {
      portal: settings.portalUrl,
      github: `${github.url}/${config.gitops.owner}/${config.gitops.repo}`,
      secretsManager: aws.url,
      repository: repositoryPath,
    },
    `sandbox started: open ${settings.portalUrl} (git clone ${repositoryPath} to inspect the GitOps repository)`,
  );

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info("stopping the sandbox");
    await stopPortal(portal);
    await Promise.allSettled([github.close(), aws.close()]);
    log.info("sandbox stopped");
    process.exit(code);
  };

  portal.on("exit", (code) => void stop(code ?? 1));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error: unknown) => {
  log.error({ err: error }, "sandbox failed to start");
  process.exit(1);
});
