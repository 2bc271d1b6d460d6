import { randomBytes } from "node:crypto";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import { createPrismaClient, type DatabaseKind, type PrismaClient } from "@/lib/db";
import { applyMigrations, createPgExecutor } from "@/lib/db/migrate";

// Databases for tests: PGlite in memory by default, or a fresh database on the PostgreSQL
// server in DATABASE_URL, created for one test file and dropped by close().

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export interface TestDatabase {
  db: PrismaClient;
  kind: DatabaseKind;
  /** Disconnects and, on PostgreSQL, drops the database. */
  close(): Promise<void>;
}

/**
 * Throws unless the URL points at PostgreSQL on this machine, so that a test run with a
 * production DATABASE_URL in its environment cannot create or drop databases there.
 */
export function assertLocalDatabaseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL; tests expect postgresql://USER@127.0.0.1:5432/DATABASE.");
  }

  const hosts = [url.hostname, ...url.searchParams.getAll("host")];
  const remote = hosts.filter((host) => !LOCAL_HOSTS.has(host));
  if (remote.length > 0 || url.hostname === "") {
    throw new Error(
      `Tests reject DATABASE_URL with host "${remote[0] ?? url.hostname}": tests create and drop databases, ` +
        "so they only run against 127.0.0.1, localhost or ::1. Unset DATABASE_URL to use PGlite, " +
        "or point it at a local server such as postgresql://postgres@127.0.0.1:5432/postgres.",
    );
  }
  return url;
}

/** Opens a migrated, empty database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  return databaseUrl ? createPostgresDatabase(databaseUrl) : createPGliteDatabase();
}

async function createPGliteDatabase(): Promise<TestDatabase> {
  const pglite = await PGlite.create();
  await applyMigrations(pglite);
  const db = createPrismaClient({ kind: "pglite", pglite });

  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

export interface ScratchPostgresDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named database (portal_test_<random>) on the local PostgreSQL
 * server in `serverUrl`, without migrating it.
 */
export async function createScratchPostgresDatabase(serverUrl: string): Promise<ScratchPostgresDatabase> {
  const server = assertLocalDatabaseUrl(serverUrl);
  const name = `portal_test_${randomBytes(6).toString("hex")}`;

  await withClient(server.href, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(server.href);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => dropDatabase(server.href, name) };
}

async function createPostgresDatabase(databaseUrl: string): Promise<TestDatabase> {
  const scratch = await createScratchPostgresDatabase(databaseUrl);
  try {
    await withClient(scratch.url, (client) => applyMigrations(createPgExecutor(client)));
  } catch (error) {
    await scratch.drop();
    throw error;
  }

  const db = createPrismaClient({ kind: "postgres", connectionString: scratch.url });
  return {
    db,
    kind: "postgres",
    close: async () => {
      await db.$disconnect();
      await scratch.drop();
    },
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  // FORCE ends sessions a failed test left open (PostgreSQL 13 and later).
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
