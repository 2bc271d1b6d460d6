// A portal job worker in its own process, so tests can SIGKILL it in the middle of a step
// or run two of them against one PostgreSQL database. Run with
// `node --import tsx --conditions=react-server test-support/provision-worker.ts`.
//
// Environment:
//   DATABASE_URL        PostgreSQL database; without it PGLITE_DIR names a PGlite data dir
//   GITHUB_API_URL      GitHub simulator base URL
//   AWS_ENDPOINT        Secrets Manager simulator URL
//   WORKER_MODE         "drain" (default): run due jobs until none is left, then exit 0;
//                       "serve": poll until SIGTERM
//   REQUEUE_STALE_MS    at start, requeue RUNNING jobs whose heartbeat is older than this
//   CONCURRENCY         jobs at a time (default 2)
//   GITHUB_THROTTLING   "off" turns the one-second write spacing off
import { PGlite } from "@electric-sql/pglite";

import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { createSecretsVault } from "@/lib/integrations/aws/secrets-vault";
import { jobHandlers } from "@/lib/jobs/handlers";
import { requeueStaleJobs } from "@/lib/jobs/queue";
import { startJobWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/services";

import { loadTestConfig } from "./services";

const log = logger.child({ component: "provision-worker" });

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing; see the header of test-support/provision-worker.ts.`);
  return value;
}

async function openDatabase(): Promise<{ db: PrismaClient; close: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const db = createPrismaClient({ kind: "postgres", connectionString: databaseUrl });
    return { db, close: () => db.$disconnect() };
  }
  const pglite = await PGlite.create(required("PGLITE_DIR"));
  const db = createPrismaClient({ kind: "pglite", pglite });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadTestConfig();
  const database = await openDatabase();
  const githubUrl = required("GITHUB_API_URL");
  const octokit = createGitHubClient({
    baseUrl: githubUrl,
    token: "test-portal-token",
    retryUnitMs: 5,
    throttling: process.env.GITHUB_THROTTLING !== "off",
  });
  const services: Services = {
    db: database.db,
    config,
    github: createGitOpsRepository(octokit, config.gitops),
    vault: createSecretsVault({ endpoint: required("AWS_ENDPOINT"), credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 2 }),
    portalUrl: "http://localhost:3000",
  };

  if (process.env.REQUEUE_STALE_MS) {
    const count = await requeueStaleJobs(services.db, Number(process.env.REQUEUE_STALE_MS));
    log.info({ count }, "requeued stale jobs at start");
  }

  const worker = startJobWorker(services, {
    handlers: jobHandlers,
    pollIntervalMs: 100,
    concurrency: Number(process.env.CONCURRENCY ?? "2"),
  });
  log.info({ workerId: worker.id, pid: process.pid }, "provision worker ready");

  if ((process.env.WORKER_MODE ?? "drain") === "drain") {
    await worker.drain();
    await worker.stop();
    await database.close();
    return;
  }

  await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
  await worker.stop();
  await database.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log.error({ err: error }, "provision worker failed");
    process.exit(1);
  },
);
