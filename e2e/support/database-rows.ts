import { PGlite } from "@electric-sql/pglite";

import { withClient } from "./scratch-database";

/** Where a stopped sandbox kept its data: a PGlite directory or a PostgreSQL database. */
export type SandboxDatabase = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export interface TableRow {
  table: string;
  /** The row as JSON text (`row_to_json`), so every column is searched, whatever its type. */
  text: string;
}

const TABLES_SQL = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;

function rowsSql(table: string): string {
  return `SELECT row_to_json(t)::text AS text FROM "public"."${table.replaceAll('"', '""')}" t`;
}

/**
 * Reads every row of every table in schema public. PGlite allows one process per data
 * directory, so call this only after the sandbox has stopped.
 */
export async function readAllRows(database: SandboxDatabase): Promise<TableRow[]> {
  return database.kind === "pglite" ? readPGliteRows(database.dataDir) : readPostgresRows(database.url);
}

async function readPGliteRows(dataDir: string): Promise<TableRow[]> {
  const pglite = await PGlite.create(dataDir);
  try {
    const tables = await pglite.query<{ table_name: string }>(TABLES_SQL);
    const rows: TableRow[] = [];
    for (const { table_name: table } of tables.rows) {
      const result = await pglite.query<{ text: string }>(rowsSql(table));
      rows.push(...result.rows.map((row) => ({ table, text: row.text })));
    }
    return rows;
  } finally {
    await pglite.close();
  }
}

async function readPostgresRows(url: string): Promise<TableRow[]> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ table_name: string }>(TABLES_SQL);
    const rows: TableRow[] = [];
    for (const { table_name: table } of tables.rows) {
      const result = await client.query<{ text: string }>(rowsSql(table));
      rows.push(...result.rows.map((row) => ({ table, text: row.text })));
    }
    return rows;
  });
}
