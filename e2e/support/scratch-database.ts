import { randomBytes } from "node:crypto";

import pg from "pg";

// test-support/database.ts has the same guard and helpers, but it imports the portal's
// `server-only` modules, which throw outside the react-server condition Playwright lacks.

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export interface ScratchDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

/**
 * Throws unless the URL points at PostgreSQL on this machine, so that a run with a
 * production DATABASE_URL in its environment cannot create or drop databases there.
 */
export function assertLocalDatabaseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL; the browser tests expect postgresql://USER@127.0.0.1:5432/DATABASE.");
  }

  const hosts = [url.hostname, ...url.searchParams.getAll("host")];
  const remote = hosts.filter((host) => !LOCAL_HOSTS.has(host));
  if (remote.length > 0 || url.hostname === "") {
    throw new Error(
      `The browser tests reject DATABASE_URL with host "${remote[0] ?? url.hostname}": they create and drop ` +
        "databases, so they only run against 127.0.0.1, localhost or ::1. Unset DATABASE_URL to use PGlite, " +
        "or point it at a local server such as postgresql://postgres@127.0.0.1:5432/postgres.",
    );
  }
  return url;
}

/** Creates an empty database named portal_e2e_<random> on the local server in `serverUrl`. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const server = assertLocalDatabaseUrl(serverUrl);
  const name = `portal_e2e_${randomBytes(6).toString("hex")}`;

  await withClient(server.href, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(server.href);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    // FORCE ends sessions a stopped portal left open (PostgreSQL 13 and later).
    drop: () => withClient(server.href, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
