import "server-only";

import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { Client as PgClient } from "pg";

import { logger } from "@/lib/log";

const log = logger.child({ component: "db-migrate" });

// The advisory lock key that Prisma Migrate takes on PostgreSQL. Using the same key means
// this runner, another replica and `prisma migrate deploy` never migrate at the same time.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const LOCK_POLL_INTERVAL_MS = 250;

// Same columns, types and defaults as the table that Prisma Migrate creates, so that
// `prisma migrate deploy` and `prisma migrate status` accept the rows written here.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/**
 * One database session. PGlite instances match this shape as they are; wrap a
 * node-postgres client with `createPgExecutor`. The session must be a single connection
 * (not a pool), because the advisory lock and the transaction belong to it.
 */
export interface SqlExecutor {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<unknown>;
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface MigrationFile {
  /** Folder name under prisma/migrations, such as `20261204000000_init`. */
  name: string;
  sql: string;
  checksum: string;
}

export interface ApplyMigrationsOptions {
  /** Folder that contains one sub-folder with a migration.sql per migration. */
  migrationsDir?: string;
  /** How long to wait for another process that holds the migration lock. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations this call applied, oldest first. */
  applied: string[];
  /** Names of the migrations that were already recorded as applied. */
  alreadyApplied: string[];
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** Returns prisma/migrations under the working directory, where `next start` and npm scripts run. */
export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

/** Computes a migration checksum the way Prisma Migrate does: SHA-256 of the script, in hex. */
export function computeChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Wraps a connected node-postgres client (not a pool) as an executor. */
export function createPgExecutor(client: PgClient): SqlExecutor {
  return {
    exec: async (sql) => client.query(sql),
    query: async <Row>(sql: string, params: unknown[] = []) => {
      const result = await client.query(sql, params);
      return { rows: result.rows as Row[] };
    },
  };
}

/** Reads every migration folder in name order, which is the order Prisma applies them in. */
export async function readMigrations(migrationsDir: string = defaultMigrationsDir()): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
    migrations.push({ name, sql, checksum: computeChecksum(sql) });
  }
  return migrations;
}

/**
 * Applies every migration under `migrationsDir` that the database has not recorded yet,
 * each in its own transaction, while holding Prisma Migrate's advisory lock. Throws a
 * MigrationError before applying anything when a recorded migration was edited after it
 * was applied, or when Prisma recorded a failed migration that was never resolved.
 */
export async function applyMigrations(
  executor: SqlExecutor,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const migrations = await readMigrations(migrationsDir);

  await acquireMigrationLock(executor, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  try {
    await executor.exec(CREATE_MIGRATIONS_TABLE);

    const rows = await executor.query<MigrationRow>(
      `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at"
         FROM "_prisma_migrations"
        ORDER BY "started_at"`,
    );
    const appliedRows = checkRecordedMigrations(rows.rows, migrations);

    const applied: string[] = [];
    for (const migration of migrations) {
      if (appliedRows.has(migration.name)) continue;

      await applyOne(executor, migration);
      applied.push(migration.name);
    }

    return { applied, alreadyApplied: [...appliedRows.keys()] };
  } finally {
    await releaseMigrationLock(executor);
  }
}

async function acquireMigrationLock(executor: SqlExecutor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  // Polling pg_try_advisory_lock keeps the wait bounded without changing the session's
  // lock_timeout, which would also affect the migration statements.
  for (;;) {
    const result = await executor.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1) AS locked",
      [PRISMA_MIGRATE_LOCK_KEY],
    );
    if (result.rows[0]?.locked === true) return;

    if (Date.now() >= deadline) {
      throw new MigrationError(
        `Timed out after ${timeoutMs} ms waiting for the migration lock ` +
          `(pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})). Another process is migrating this database; ` +
          "wait for it to finish, or end the session that holds the lock.",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_INTERVAL_MS));
  }
}

async function releaseMigrationLock(executor: SqlExecutor): Promise<void> {
  try {
    await executor.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    // The lock ends with the session anyway; failing here must not hide the real result.
    log.warn({ err: error }, "releasing the migration lock failed");
  }
}

/**
 * Validates the recorded rows against the local migration files and returns the rows of
 * migrations that count as applied, by name. Rolled-back rows do not count, as in Prisma.
 */
function checkRecordedMigrations(rows: MigrationRow[], migrations: MigrationFile[]): Map<string, MigrationRow> {
  const localByName = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = new Map<string, MigrationRow>();

  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;

    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but did not finish, so the database may be partly migrated. ` +
          `Repair the database by hand, then run \`npx prisma migrate resolve --rolled-back ${row.migration_name}\` ` +
          `(or --applied if the changes are complete) and migrate again.`,
        row.migration_name,
      );
    }

    const local = localByName.get(row.migration_name);
    if (local === undefined) {
      log.warn(
        { migration: row.migration_name },
        "the database records a migration that is missing from prisma/migrations; this code may be older than the database",
      );
    } else if (!checksumMatches(local.sql, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied: the checksum of ` +
          `prisma/migrations/${row.migration_name}/migration.sql is ${local.checksum}, the database recorded ${row.checksum}. ` +
          "Restore the applied file and put the change in a new migration.",
        row.migration_name,
      );
    }

    applied.set(row.migration_name, row);
  }
  return applied;
}

// Prisma also accepts the script with LF or CRLF line endings, because Git may convert
// them on checkout.
function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n")];
  return variants.some((variant) => computeChecksum(variant) === recorded);
}

async function applyOne(executor: SqlExecutor, migration: MigrationFile): Promise<void> {
  const started = Date.now();
  log.info({ migration: migration.name }, "applying migration");

  await executor.exec("BEGIN");
  try {
    await executor.exec(migration.sql);

    // Prisma records one step per applied script and sets finished_at once it succeeded.
    await executor.query(
      `INSERT INTO "_prisma_migrations"
         ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );

    await executor.exec("COMMIT");
  } catch (error) {
    await executor.exec("ROLLBACK").catch(() => undefined);
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
      migration.name,
      { cause: error },
    );
  }

  log.info({ migration: migration.name, durationMs: Date.now() - started }, "applied migration");
}
