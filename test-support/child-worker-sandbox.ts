import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { applyMigrations, createPgExecutor } from "@/lib/db/migrate";
import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { createSecretsVault } from "@/lib/integrations/aws/secrets-vault";
import type { Services } from "@/lib/services";
import { startSecretsManagerSimulator, type SecretsManagerSimulator } from "@/sandbox/aws/server";
import { startGitHubSimulator, type GitHubSimulator } from "@/sandbox/github/server";
import { gitopsSeedFiles } from "@/sandbox/gitops-seed";

import { createScratchPostgresDatabase } from "./database";
import { loadTestConfig } from "./services";

// Simulators, a database that child processes can open too (a PostgreSQL scratch database
// or a PGlite data directory), and a way to run test-support/provision-worker.ts as a
// child process. Without the webhook option, tests apply merges with the reconciler.

export interface ChildWorkerSandbox {
  kind: "postgres" | "pglite";
  services: Services;
  developer: Actor;
  githubUrl: string;
  awsUrl: string;
  /** Environment a child worker needs to reach the same database and simulators. */
  workerEnv: Record<string, string>;
  /** PGlite allows one process per data directory: release it before a child runs. */
  releaseDatabase(): Promise<void>;
  /** Opens the database again in this process after a child has stopped. */
  reopenDatabase(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when a log line contains every given text. */
  waitForLog(...texts: string[]): Promise<string>;
  /** Counts the log lines so far that contain every given text. */
  countLogs(...texts: string[]): number;
  exited: Promise<number | null>;
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  // Node loads tsx as an import hook, so the worker is this one process. The tsx command
  // starts a second process, which a SIGKILL of the first leaves running.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "test-support/provision-worker.ts"], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: Array<{ texts: string[]; resolve: (line: string) => void }> = [];
  let buffer = "";

  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.texts.every((text) => line.includes(text))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on("data", () => {});

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    countLogs(...texts) {
      return lines.filter((line) => texts.every((text) => line.includes(text))).length;
    },
    waitForLog(...texts) {
      const seen = lines.find((line) => texts.every((text) => line.includes(text)));
      if (seen) return Promise.resolve(seen);
      // A worker that exits before writing the line would leave the caller waiting forever.
      const logged = new Promise<string>((resolve) => waiters.push({ texts, resolve }));
      const ended = exited.then((code) => {
        throw new Error(`The worker exited with code ${code} before logging ${texts.join(" + ")}. Its log:\n${lines.slice(-40).join("\n")}`);
      });
      return Promise.race([logged, ended]);
    },
  };
}

async function openPostgres(): Promise<{ url: string; db: PrismaClient; drop: () => Promise<void> }> {
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? "");
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    await applyMigrations(createPgExecutor(client));
  } finally {
    await client.end();
  }
  return { url: scratch.url, db: createPrismaClient({ kind: "postgres", connectionString: scratch.url }), drop: scratch.drop };
}

export interface ChildWorkerSandboxOptions {
  /** Receiver of the GitHub simulator's signed webhooks; without it the simulator sends none. */
  webhook?: { url: string; secret: string };
  /** GitHub simulator requests per token per hour; the simulator's default is GitHub's 5000. */
  githubRateLimit?: number;
}

export async function startChildWorkerSandbox(options: ChildWorkerSandboxOptions = {}): Promise<ChildWorkerSandbox> {
  const config = loadTestConfig();
  const dataDir = await mkdtemp(path.join(tmpdir(), "portal-child-"));
  const aws: SecretsManagerSimulator = await startSecretsManagerSimulator({
    port: 0,
    region: config.environments[0]?.awsRegion,
    accountId: config.environments[0]?.awsAccountId,
  });
  const github: GitHubSimulator = await startGitHubSimulator({
    port: 0,
    dataDir: path.join(dataDir, "github"),
    webhook: options.webhook,
    rateLimit: options.githubRateLimit,
    repositories: [
      { owner: config.gitops.owner, repo: config.gitops.repo, defaultBranch: config.gitops.baseBranch, seedFiles: gitopsSeedFiles(config) },
    ],
    users: config.sandbox.personas.map((persona) => ({ login: persona.login, name: persona.name })),
    tokens: ["test-portal-token"],
  });

  const kind = process.env.DATABASE_URL ? "postgres" : "pglite";
  const pgliteDir = path.join(dataDir, "pglite");
  let pglite: PGlite | undefined;
  let postgres: Awaited<ReturnType<typeof openPostgres>> | undefined;
  let db: PrismaClient;
  if (kind === "postgres") {
    postgres = await openPostgres();
    db = postgres.db;
  } else {
    pglite = await PGlite.create(pgliteDir);
    await applyMigrations(pglite);
    db = createPrismaClient({ kind: "pglite", pglite });
  }

  const octokit = createGitHubClient({ baseUrl: github.url, token: "test-portal-token", throttling: false });
  const services: Services = {
    db,
    config,
    github: createGitOpsRepository(octokit, config.gitops),
    vault: createSecretsVault({ endpoint: aws.url, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 2 }),
    portalUrl: "http://localhost:3000",
  };
  const dana = await db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });

  const workerEnv: Record<string, string> = { GITHUB_API_URL: github.url, AWS_ENDPOINT: aws.url };
  if (postgres) workerEnv.DATABASE_URL = postgres.url;
  else workerEnv.PGLITE_DIR = pgliteDir;

  return {
    kind,
    services,
    developer: resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, config),
    githubUrl: github.url,
    awsUrl: aws.url,
    workerEnv,
    async releaseDatabase() {
      if (!pglite) return;
      await services.db.$disconnect();
      await pglite.close();
    },
    async reopenDatabase() {
      if (kind !== "pglite") return;
      pglite = await PGlite.create(pgliteDir);
      services.db = createPrismaClient({ kind: "pglite", pglite });
    },
    async close() {
      await services.db.$disconnect();
      if (pglite && !pglite.closed) await pglite.close();
      await postgres?.drop();
      await Promise.allSettled([github.close(), aws.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
