import "server-only";

import { mkdirSync } from "node:fs";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import { logger } from "@/lib/log";

import { pgliteDataDir } from "./client";
import { applyMigrations, createPgExecutor, type ApplyMigrationsResult } from "./migrate";

// `npm run db:migrate`: applies pending migrations to the PostgreSQL in DATABASE_URL, or
// to the sandbox's PGlite directory when DATABASE_URL is unset. Production runs it once
// per deploy, before the new portal version starts.

const log = logger.child({ component: "db-migrate" });

async function migratePostgres(connectionString: string): Promise<ApplyMigrationsResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await applyMigrations(createPgExecutor(client));
  } finally {
    await client.end();
  }
}

async function migratePGlite(dataDir: string): Promise<ApplyMigrationsResult> {
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  try {
    return await applyMigrations(pglite);
  } finally {
    await pglite.close();
  }
}

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  let result: ApplyMigrationsResult;

  if (connectionString) {
    log.info({ target: "postgres" }, "migrating the PostgreSQL database in DATABASE_URL");
    result = await migratePostgres(connectionString);
  } else {
    const dataDir = pgliteDataDir();
    log.info({ target: "pglite", dataDir }, "migrating the PGlite database");
    result = await migratePGlite(dataDir);
  }

  log.info(
    { applied: result.applied, alreadyApplied: result.alreadyApplied.length },
    result.applied.length > 0 ? `applied ${result.applied.length} migration(s)` : "database is up to date",
  );
}

main().catch((error: unknown) => {
  log.error({ err: error }, "migration failed");
  process.exitCode = 1;
});
