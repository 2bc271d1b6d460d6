import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { createScratchPostgresDatabase } from "@/test-support/database";

import { applyMigrations, createPgExecutor, defaultMigrationsDir, MigrationError, readMigrations, type SqlExecutor } from "./migrate";

const INIT = "20261204000000_init";

interface EmptyDatabase {
  executor: SqlExecutor;
  /** Opens another session on the same database; PostgreSQL only. */
  openSession?: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>;
  close(): Promise<void>;
}

// One PGlite per file, emptied after each test, because starting PGlite takes seconds.
let sharedPGlite: PGlite | undefined;

afterAll(async () => {
  await sharedPGlite?.close();
});

async function openPGlite(): Promise<EmptyDatabase> {
  sharedPGlite ??= await PGlite.create();
  const pglite = sharedPGlite;

  return {
    executor: pglite,
    close: async () => {
      await pglite.exec("SELECT pg_advisory_unlock_all(); DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    },
  };
}

async function openPostgres(): Promise<EmptyDatabase> {
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? "");
  const sessions: pg.Client[] = [];

  const openSession = async (): Promise<{ executor: SqlExecutor; close(): Promise<void> }> => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    sessions.push(client);
    return { executor: createPgExecutor(client), close: () => client.end() };
  };

  const main = await openSession();
  return {
    executor: main.executor,
    openSession,
    close: async () => {
      await Promise.allSettled(sessions.map((client) => client.end()));
      await scratch.drop();
    },
  };
}

const backends = [{ kind: "pglite", open: openPGlite }];
if (process.env.DATABASE_URL) backends.push({ kind: "postgres", open: openPostgres });

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "portal-migrations-"));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

async function tableExists(executor: SqlExecutor, table: string): Promise<boolean> {
  const result = await executor.query<{ name: string | null }>("SELECT to_regclass($1)::text AS name", [`"${table}"`]);
  return result.rows[0]?.name != null;
}

interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date | null;
  applied_steps_count: number;
}

async function readRecords(executor: SqlExecutor): Promise<MigrationRecord[]> {
  const result = await executor.query<MigrationRecord>('SELECT * FROM "_prisma_migrations" ORDER BY "started_at"');
  return result.rows;
}

describe.each(backends)("applyMigrations on $kind", ({ open }) => {
  let database: EmptyDatabase;
  let tempDirs: string[];

  beforeEach(async () => {
    database = await open();
    tempDirs = [];
  });

  afterEach(async () => {
    await database.close();
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function migrationsCopy(): Promise<string> {
    const dir = await copyMigrations();
    tempDirs.push(dir);
    return dir;
  }

  it("applies every migration", async () => {
    const names = (await readMigrations()).map((migration) => migration.name);

    const result = await applyMigrations(database.executor);

    expect(result.applied).toEqual(names);
    expect(result.alreadyApplied).toEqual([]);
    expect(await tableExists(database.executor, "SecretRequest")).toBe(true);
  });

  it("second run is a no-op", async () => {
    await applyMigrations(database.executor);

    const second = await applyMigrations(database.executor);

    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toContain(INIT);
    expect(await readRecords(database.executor)).toHaveLength((await readMigrations()).length);
  });

  it("records rows like Prisma", async () => {
    await applyMigrations(database.executor);
    const file = await readFile(path.join(defaultMigrationsDir(), INIT, "migration.sql"));

    const [row] = await readRecords(database.executor);

    expect(row?.migration_name).toBe(INIT);
    expect(row?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row?.checksum).toBe(createHash("sha256").update(file).digest("hex"));
    expect(row?.started_at).toBeInstanceOf(Date);
    expect(row?.finished_at).toBeInstanceOf(Date);
    expect(row?.logs).toBeNull();
    expect(row?.rolled_back_at).toBeNull();
    expect(row?.applied_steps_count).toBe(1);
  });

  it("creates _prisma_migrations like Prisma", async () => {
    await applyMigrations(database.executor);

    const columns = await database.executor.query<{
      column_name: string;
      data_type: string;
      character_maximum_length: number | null;
      is_nullable: string;
      column_default: string | null;
    }>(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
    );
    const primaryKey = await database.executor.query<{ column_name: string }>(
      `SELECT a.attname AS column_name
         FROM pg_index ix
         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ANY(ix.indkey)
        WHERE ix.indrelid = '"_prisma_migrations"'::regclass AND ix.indisprimary`,
    );

    expect(columns.rows).toEqual([
      { column_name: "id", data_type: "character varying", character_maximum_length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", character_maximum_length: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", character_maximum_length: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", character_maximum_length: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", character_maximum_length: null, is_nullable: "NO", column_default: "0" },
    ]);
    expect(primaryKey.rows).toEqual([{ column_name: "id" }]);
  });

  it("applies only new migrations", async () => {
    const dir = await migrationsCopy();
    await applyMigrations(database.executor, { migrationsDir: dir });
    await mkdir(path.join(dir, "20261205000000_add_note"));
    await writeFile(path.join(dir, "20261205000000_add_note", "migration.sql"), 'CREATE TABLE "Note" ("id" TEXT NOT NULL);\n');

    const result = await applyMigrations(database.executor, { migrationsDir: dir });

    expect(result.applied).toEqual(["20261205000000_add_note"]);
    expect(await tableExists(database.executor, "Note")).toBe(true);
  });

  it("edited migration is rejected", async () => {
    const dir = await migrationsCopy();
    await applyMigrations(database.executor, { migrationsDir: dir });
    const file = path.join(dir, INIT, "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited after it was applied\n`);
    await mkdir(path.join(dir, "20261205000000_add_note"));
    await writeFile(path.join(dir, "20261205000000_add_note", "migration.sql"), 'CREATE TABLE "Note" ("id" TEXT NOT NULL);\n');

    const result = applyMigrations(database.executor, { migrationsDir: dir });

    await expect(result).rejects.toThrow(MigrationError);
    await expect(result).rejects.toThrow(`Migration ${INIT} was changed after it was applied`);
    expect(await tableExists(database.executor, "Note")).toBe(false);
  });

  it("CRLF line endings are accepted", async () => {
    const dir = await migrationsCopy();
    await applyMigrations(database.executor, { migrationsDir: dir });
    const file = path.join(dir, INIT, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));

    const result = await applyMigrations(database.executor, { migrationsDir: dir });

    expect(result.applied).toEqual([]);
  });

  it("failed migration rolls back", async () => {
    const dir = await migrationsCopy();
    await mkdir(path.join(dir, "29991231000000_broken"));
    await writeFile(
      path.join(dir, "29991231000000_broken", "migration.sql"),
      'CREATE TABLE "Broken" ("id" TEXT NOT NULL);\nSELECT * FROM "TableThatDoesNotExist";\n',
    );

    const result = applyMigrations(database.executor, { migrationsDir: dir });

    await expect(result).rejects.toThrow("Migration 29991231000000_broken failed and was rolled back");
    expect(await tableExists(database.executor, "Broken")).toBe(false);
    const repositoryMigrations = (await readMigrations()).map((migration) => migration.name);
    expect((await readRecords(database.executor)).map((row) => row.migration_name)).toEqual(repositoryMigrations);
  });

  it("unfinished Prisma migration is rejected", async () => {
    await applyMigrations(database.executor);
    await database.executor.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "applied_steps_count")
       VALUES ('00000000-0000-4000-8000-000000000000', 'abc', '20261205000000_half_done', 0)`,
    );

    const result = applyMigrations(database.executor);

    await expect(result).rejects.toThrow("Migration 20261205000000_half_done started but did not finish");
  });

  it("rolled-back migration is applied again", async () => {
    await database.executor.exec(
      `CREATE TABLE "_prisma_migrations" (
         "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
         "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
         "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
       INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "rolled_back_at")
       VALUES ('00000000-0000-4000-8000-000000000000', 'abc', '${INIT}', now());`,
    );

    const result = await applyMigrations(database.executor);

    expect(result.applied).toEqual((await readMigrations()).map((migration) => migration.name));
  });

  it("lock is released afterwards", async () => {
    await applyMigrations(database.executor);

    const lock = await database.executor.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(72707369) AS locked");
    await database.executor.query("SELECT pg_advisory_unlock(72707369)");

    expect(lock.rows[0]?.locked).toBe(true);
  });
});

describe.runIf(process.env.DATABASE_URL)("applyMigrations with several sessions", () => {
  let database: EmptyDatabase;

  beforeEach(async () => {
    database = await openPostgres();
  });

  afterEach(async () => {
    await database.close();
  });

  it("concurrent runs apply once", async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => database.openSession!()));

    const results = await Promise.all(sessions.map((session) => applyMigrations(session.executor)));

    const appliedCounts = results.map((result) => result.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, (await readMigrations()).length]);
    expect(await readRecords(database.executor)).toHaveLength((await readMigrations()).length);
  });

  it("waits for the lock, then times out", async () => {
    const holder = await database.openSession!();
    await holder.executor.query("SELECT pg_advisory_lock(72707369)");

    const result = applyMigrations(database.executor, { lockTimeoutMs: 300 });

    await expect(result).rejects.toThrow("Timed out after 300 ms waiting for the migration lock");
    expect(await tableExists(database.executor, "_prisma_migrations")).toBe(false);
  });
});
