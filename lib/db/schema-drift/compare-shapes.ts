import type { ColumnShape, DatabaseShape, ForeignKeyShape, IndexShape } from "./database-shape";

// Lists every difference between the schema that schema.prisma describes and the one a
// database has, one readable line each, so a failing drift test names what to migrate.

/** Returns the differences between the expected and the actual shape; empty when they match. */
export function compareShapes(expected: DatabaseShape, actual: DatabaseShape): string[] {
  return [
    ...compareEnums(expected, actual),
    ...compareTables(expected, actual),
    ...compareNamed("index", expected.indexes, actual.indexes, describeIndex),
    ...compareNamed("foreign key", expected.foreignKeys, actual.foreignKeys, describeForeignKey),
  ];
}

function compareEnums(expected: DatabaseShape, actual: DatabaseShape): string[] {
  const differences: string[] = [];

  for (const [name, values] of expected.enums) {
    const actualValues = actual.enums.get(name);
    if (actualValues === undefined) {
      differences.push(`enum ${name}: missing from the database (expected ${values.join(", ")})`);
    } else if (values.join("\u0000") !== actualValues.join("\u0000")) {
      differences.push(
        `enum ${name}: the database has values ${actualValues.join(", ")}, schema.prisma has ${values.join(", ")}`,
      );
    }
  }

  for (const name of actual.enums.keys()) {
    if (!expected.enums.has(name)) differences.push(`enum ${name}: in the database but not in schema.prisma`);
  }
  return differences;
}

function compareTables(expected: DatabaseShape, actual: DatabaseShape): string[] {
  const differences: string[] = [];

  for (const [table, columns] of expected.tables) {
    const actualColumns = actual.tables.get(table);
    if (actualColumns === undefined) {
      differences.push(`table ${table}: missing from the database`);
      continue;
    }

    for (const [column, shape] of columns) {
      const actualShape = actualColumns.get(column);
      if (actualShape === undefined) {
        differences.push(`column ${table}.${column}: missing from the database (expected ${describeColumn(shape)})`);
      } else if (describeColumn(shape) !== describeColumn(actualShape)) {
        differences.push(
          `column ${table}.${column}: the database has ${describeColumn(actualShape)}, schema.prisma needs ${describeColumn(shape)}`,
        );
      }
    }

    for (const column of actualColumns.keys()) {
      if (!columns.has(column)) differences.push(`column ${table}.${column}: in the database but not in schema.prisma`);
    }
  }

  for (const table of actual.tables.keys()) {
    if (!expected.tables.has(table)) differences.push(`table ${table}: in the database but not in schema.prisma`);
  }
  return differences;
}

function compareNamed<T>(kind: string, expected: Map<string, T>, actual: Map<string, T>, describe: (value: T) => string): string[] {
  const differences: string[] = [];

  for (const [name, value] of expected) {
    const actualValue = actual.get(name);
    if (actualValue === undefined) {
      differences.push(`${kind} ${name}: missing from the database (expected ${describe(value)})`);
    } else if (describe(value) !== describe(actualValue)) {
      differences.push(`${kind} ${name}: the database has ${describe(actualValue)}, schema.prisma needs ${describe(value)}`);
    }
  }

  for (const [name, value] of actual) {
    if (!expected.has(name)) differences.push(`${kind} ${name}: in the database but not in schema.prisma (${describe(value)})`);
  }
  return differences;
}

function describeColumn(column: ColumnShape): string {
  const nullability = column.notNull ? "NOT NULL" : "NULL";
  const defaultClause = column.default === null ? "" : ` DEFAULT ${column.default}`;
  return `${column.type} ${nullability}${defaultClause}`;
}

function describeIndex(index: IndexShape): string {
  let kind = "INDEX";
  if (index.primary) kind = "PRIMARY KEY";
  else if (index.unique) kind = "UNIQUE INDEX";

  return `${kind} ON ${index.table} USING ${index.method} (${index.columns.join(", ")})`;
}

function describeForeignKey(foreignKey: ForeignKeyShape): string {
  return (
    `${foreignKey.table}(${foreignKey.columns.join(", ")}) REFERENCES ` +
    `${foreignKey.referencedTable}(${foreignKey.referencedColumns.join(", ")}) ` +
    `ON DELETE ${foreignKey.onDelete} ON UPDATE ${foreignKey.onUpdate}`
  );
}
