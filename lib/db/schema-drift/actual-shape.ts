import "server-only";

import type { SqlExecutor } from "../migrate";

import type { ColumnShape, DatabaseShape, ReferentialAction } from "./database-shape";

// Reads the shape of the current schema (search_path's first entry, `public` by default)
// from pg_catalog. The queries run on PostgreSQL and on PGlite alike.

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

// pg_constraint.confdeltype / confupdtype codes.
const ACTION_CODES: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

interface ColumnRow {
  table_name: string;
  column_name: string | null;
  column_type: string | null;
  not_null: boolean;
  column_default: string | null;
}

interface IndexRow {
  index_name: string;
  table_name: string;
  columns: string[];
  is_unique: boolean;
  is_primary: boolean;
  method: string;
}

interface ForeignKeyRow {
  constraint_name: string;
  table_name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}

/** Reads enums, tables, columns, indexes and foreign keys, skipping _prisma_migrations. */
export async function readDatabaseShape(executor: SqlExecutor): Promise<DatabaseShape> {
  const shape: DatabaseShape = { enums: new Map(), tables: new Map(), indexes: new Map(), foreignKeys: new Map() };

  const enums = await executor.query<{ type_name: string; label: string }>(`
    SELECT t.typname AS type_name, e.enumlabel AS label
      FROM pg_type t
      JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = current_schema()
     ORDER BY t.typname, e.enumsortorder`);
  for (const row of enums.rows) {
    const values = shape.enums.get(row.type_name) ?? [];
    values.push(row.label);
    shape.enums.set(row.type_name, values);
  }

  // Tables without columns still appear, through the LEFT JOIN.
  const columns = await executor.query<ColumnRow>(`
    SELECT c.relname AS table_name,
           a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS column_type,
           a.attnotnull AS not_null,
           pg_get_expr(d.adbin, d.adrelid) AS column_default
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
     ORDER BY c.relname, a.attnum`);
  for (const row of columns.rows) {
    if (IGNORED_TABLES.has(row.table_name)) continue;

    const table = shape.tables.get(row.table_name) ?? new Map<string, ColumnShape>();
    shape.tables.set(row.table_name, table);
    if (row.column_name === null || row.column_type === null) continue;

    // format_type quotes mixed-case type names such as "RequestStatus"; the expected shape does not.
    table.set(row.column_name, {
      type: row.column_type.replaceAll('"', ""),
      notNull: row.not_null,
      default: row.column_default,
    });
  }

  // json_agg keeps column order and parses the same way in node-postgres and PGlite.
  const indexes = await executor.query<IndexRow>(`
    SELECT i.relname AS index_name,
           t.relname AS table_name,
           (SELECT json_agg(a.attname ORDER BY k.ordinality)
              FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ordinality)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns,
           ix.indisunique AS is_unique,
           ix.indisprimary AS is_primary,
           am.amname AS method
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_am am ON am.oid = i.relam
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema()`);
  for (const row of indexes.rows) {
    if (IGNORED_TABLES.has(row.table_name)) continue;
    shape.indexes.set(row.index_name, {
      table: row.table_name,
      columns: row.columns,
      unique: row.is_unique,
      primary: row.is_primary,
      method: row.method,
    });
  }

  const foreignKeys = await executor.query<ForeignKeyRow>(`
    SELECT con.conname AS constraint_name,
           t.relname AS table_name,
           (SELECT json_agg(a.attname ORDER BY k.ordinality)
              FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ordinality)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
           rt.relname AS referenced_table,
           (SELECT json_agg(a.attname ORDER BY k.ordinality)
              FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ordinality)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns,
           con.confdeltype AS on_delete,
           con.confupdtype AS on_update
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_class rt ON rt.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = con.connamespace
     WHERE con.contype = 'f' AND n.nspname = current_schema()`);
  for (const row of foreignKeys.rows) {
    shape.foreignKeys.set(row.constraint_name, {
      table: row.table_name,
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: referentialAction(row.on_delete),
      onUpdate: referentialAction(row.on_update),
    });
  }

  return shape;
}

function referentialAction(code: string): ReferentialAction {
  const action = ACTION_CODES[code];
  if (action === undefined) throw new Error(`unknown referential action code ${code} in pg_constraint`);
  return action;
}
