import "server-only";

import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { logger } from "@/lib/log";

import { PrismaClient } from "./generated/client";
import { applyMigrations, type ApplyMigrationsOptions } from "./migrate";

const log = logger.child({ component: "db" });

const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

export type DatabaseKind = "pglite" | "postgres";

export type CreatePrismaClientOptions =
  | { kind: "postgres"; connectionString: string }
  | {
      kind: "pglite";
      pglite: PGlite;
      /** Applies pending migrations before the first query; pass options to change where they are read from. */
      migrate?: boolean | ApplyMigrationsOptions;
    };

export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };

interface OpenDatabase {
  kind: DatabaseKind;
  client: PrismaClient;
  pglite?: PGlite;
}

// Next.js compiles instrumentation and route handlers into separate module graphs that
// share one process, so a module-level variable would open a second PGlite on the same
// data directory and corrupt it. The client therefore lives on globalThis.
const holder = globalThis as { __portalDatabase?: OpenDatabase };

/** Returns `${PORTAL_DATA_DIR:-.data}/pglite`, resolved against the working directory. */
export function pgliteDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.PORTAL_DATA_DIR || ".data", "pglite");
}

/**
 * Creates a Prisma client for PostgreSQL through node-postgres, or for a PGlite instance
 * that the caller opened. The caller closes the PGlite instance after `$disconnect()`.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  if (options.kind === "postgres") {
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: options.connectionString }) });
  }

  const adapter = new PrismaPGlite(options.pglite);
  if (options.migrate === undefined || options.migrate === false) {
    return new PrismaClient({ adapter });
  }

  const migrateOptions = options.migrate === true ? {} : options.migrate;
  return new PrismaClient({ adapter: migrateBeforeConnect(adapter, options.pglite, migrateOptions) });
}

/**
 * Returns the process-wide Prisma client, opening the database on first use.
 *
 * With DATABASE_URL set it connects to that PostgreSQL and never changes its schema:
 * production applies migrations with `npm run db:migrate` as a deploy step, so the
 * portal's own database role needs no DDL rights and replicas do not each try to migrate.
 * Without DATABASE_URL it opens PGlite under `${PORTAL_DATA_DIR:-.data}/pglite` and
 * applies pending migrations before the first query, so the sandbox needs no setup step.
 */
export function getDb(): PrismaClient {
  holder.__portalDatabase ??= openDatabase(process.env);
  return holder.__portalDatabase.client;
}

/** Returns which backend getDb() uses, without opening it. */
export function databaseKind(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  return env.DATABASE_URL ? "postgres" : "pglite";
}

/** Disconnects the process-wide client and closes PGlite; the next getDb() opens them again. */
export async function closeDb(): Promise<void> {
  const open = holder.__portalDatabase;
  if (open === undefined) return;

  holder.__portalDatabase = undefined;
  await open.client.$disconnect();
  if (open.pglite !== undefined && !open.pglite.closed) await open.pglite.close();
  log.info({ kind: open.kind }, "database closed");
}

/** Runs `SELECT 1` and reports whether it returned within the timeout, for /api/health. */
export async function checkDatabase(
  db: PrismaClient = getDb(),
  timeoutMs: number = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;

  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database health check timed out: SELECT 1 did not return within ${timeoutMs} ms`)), timeoutMs);
  });

  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ err: error }, "database health check failed");
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

function openDatabase(env: NodeJS.ProcessEnv): OpenDatabase {
  const connectionString = env.DATABASE_URL;
  if (connectionString) {
    log.info("using PostgreSQL from DATABASE_URL");
    return { kind: "postgres", client: createPrismaClient({ kind: "postgres", connectionString }) };
  }

  const dataDir = pgliteDataDir(env);
  mkdirSync(dataDir, { recursive: true });
  log.info({ dataDir }, "using PGlite");

  const pglite = new PGlite(dataDir);
  return { kind: "pglite", pglite, client: createPrismaClient({ kind: "pglite", pglite, migrate: true }) };
}

/**
 * Wraps a driver adapter factory so that the first connection waits for PGlite to start
 * and for pending migrations. A failed migration is retried on the next connection.
 */
function migrateBeforeConnect(
  adapter: SqlDriverAdapterFactory,
  pglite: PGlite,
  options: ApplyMigrationsOptions,
): SqlDriverAdapterFactory {
  let ready: Promise<void> | undefined;

  const migrate = async (): Promise<void> => {
    await pglite.waitReady;
    const result = await applyMigrations(pglite, options);
    if (result.applied.length > 0) log.info({ applied: result.applied }, "migrated PGlite database");
  };

  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => {
      ready ??= migrate().catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      return adapter.connect();
    },
  };
}
