// The parts of a PostgreSQL schema that Prisma Migrate creates, in the spelling that
// pg_catalog reports them, so the shape expected from schema.prisma and the shape read
// from a database compare as plain values.

export interface ColumnShape {
  /** As `format_type()` prints it, without identifier quotes: `text[]`, `timestamp(3) with time zone`. */
  type: string;
  notNull: boolean;
  /** As `pg_get_expr()` prints the default, or null without one. */
  default: string | null;
}

export interface IndexShape {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** Access method such as `btree`. */
  method: string;
}

export type ReferentialAction = "CASCADE" | "RESTRICT" | "NO ACTION" | "SET NULL" | "SET DEFAULT";

export interface ForeignKeyShape {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface DatabaseShape {
  /** Enum type name to its values in sort order. */
  enums: Map<string, string[]>;
  /** Table name to its columns by name. */
  tables: Map<string, Map<string, ColumnShape>>;
  /** Index name, including the primary key's, to the index. */
  indexes: Map<string, IndexShape>;
  /** Constraint name to the foreign key. */
  foreignKeys: Map<string, ForeignKeyShape>;
}
