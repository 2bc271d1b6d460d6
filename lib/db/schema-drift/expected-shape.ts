import type { ColumnShape, DatabaseShape, ForeignKeyShape, IndexShape, ReferentialAction } from "./database-shape";
import type { DmmfDatamodel, DmmfField, DmmfModel } from "./read-dmmf";

// Derives the PostgreSQL schema that Prisma Migrate would create for a data model, using
// Prisma's default names: `<Table>_pkey`, `<Table>_<columns>_key` for unique indexes,
// `<Table>_<columns>_idx` for other indexes and `<Table>_<columns>_fkey` for foreign keys.
// A construct this file does not map raises an error, so the drift check never passes by
// skipping part of the schema.
// NOTE: Prisma shortens default names longer than PostgreSQL's 63-byte identifier limit;
// that is not reproduced here because no name in the schema comes close.

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => "text",
  Uuid: () => "uuid",
  Citext: () => "citext",
  Inet: () => "inet",
  Xml: () => "xml",
  VarChar: (args) => withArgs("character varying", args),
  Char: (args) => withArgs("character", args),
  Boolean: () => "boolean",
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Oid: () => "oid",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (args) => withArgs("numeric", args),
  Money: () => "money",
  Date: () => "date",
  Timestamp: (args) => `${withArgs("timestamp", args)} without time zone`,
  Timestamptz: (args) => `${withArgs("timestamp", args)} with time zone`,
  Time: (args) => `${withArgs("time", args)} without time zone`,
  Timetz: (args) => `${withArgs("time", args)} with time zone`,
  Json: () => "json",
  JsonB: () => "jsonb",
  ByteA: () => "bytea",
};

// Defaults that Prisma Client fills in itself, so the column has no database default.
const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/** Builds the database shape that Prisma Migrate would create for the data model. */
export function expectedShape(datamodel: DmmfDatamodel): DatabaseShape {
  const enumNames = new Map(datamodel.enums.map((enumType) => [enumType.name, enumType.dbName ?? enumType.name]));
  const models = new Map(datamodel.models.map((model) => [model.name, model]));

  const shape: DatabaseShape = { enums: new Map(), tables: new Map(), indexes: new Map(), foreignKeys: new Map() };

  for (const enumType of datamodel.enums) {
    shape.enums.set(
      enumType.dbName ?? enumType.name,
      enumType.values.map((value) => value.dbName ?? value.name),
    );
  }

  for (const model of datamodel.models) {
    const columns = new Map<string, ColumnShape>();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      columns.set(columnName(field), expectedColumn(model, field, enumNames));
    }
    shape.tables.set(tableName(model), columns);

    for (const [name, foreignKey] of expectedForeignKeys(model, models)) shape.foreignKeys.set(name, foreignKey);
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (model === undefined) throw new Error(`index on unknown model ${index.model}`);
    if (index.type === "fulltext") throw new Error(`full-text index on ${index.model} is not supported by the drift check`);

    const orderedField = index.fields.find((field) => field.sortOrder != null || field.operatorClass != null);
    if (orderedField !== undefined) {
      throw new Error(`sort order or operator class on ${index.model}.${orderedField.name} is not supported by the drift check`);
    }

    const table = tableName(model);
    const columns = index.fields.map((field) => columnName(findField(model, field.name)));
    const name = index.dbName ?? defaultIndexName(table, columns, index.type);

    const shapeOfIndex: IndexShape = {
      table,
      columns,
      unique: index.type !== "normal",
      primary: index.type === "id",
      method: (index.algorithm ?? "BTree").toLowerCase(),
    };
    shape.indexes.set(name, shapeOfIndex);
  }

  return shape;
}

function defaultIndexName(table: string, columns: string[], type: "id" | "unique" | "normal"): string {
  if (type === "id") return `${table}_pkey`;
  if (type === "unique") return `${table}_${columns.join("_")}_key`;
  return `${table}_${columns.join("_")}_idx`;
}

function expectedColumn(model: DmmfModel, field: DmmfField, enumNames: Map<string, string>): ColumnShape {
  const baseType = baseColumnType(model, field, enumNames);

  // Prisma creates scalar lists as nullable array columns even when the field is required.
  return {
    type: field.isList ? `${baseType}[]` : baseType,
    notNull: field.isRequired && !field.isList,
    default: expectedDefault(model, field, field.kind === "enum" ? quoteIdentifier(baseType) : castName(baseType)),
  };
}

function baseColumnType(model: DmmfModel, field: DmmfField, enumNames: Map<string, string>): string {
  if (field.kind === "enum") {
    const name = enumNames.get(field.type);
    if (name === undefined) throw new Error(`field ${model.name}.${field.name} uses unknown enum ${field.type}`);
    return name;
  }

  if (field.nativeType != null) {
    const [nativeName, args] = field.nativeType;
    const render = NATIVE_TYPES[nativeName];
    if (render === undefined) {
      throw new Error(`native type @db.${nativeName} on ${model.name}.${field.name} is not mapped in expected-shape.ts`);
    }
    return render(args);
  }

  const scalar = SCALAR_TYPES[field.type];
  if (scalar === undefined) throw new Error(`type ${field.type} of ${model.name}.${field.name} is not mapped in expected-shape.ts`);
  return scalar;
}

function expectedDefault(model: DmmfModel, field: DmmfField, castType: string): string | null {
  const value = field.default;
  if (value === undefined) return null;
  const where = `${model.name}.${field.name}`;

  if (field.isList) throw new Error(`list default on ${where} is not supported by the drift check`);

  if (typeof value === "object" && value !== null && "name" in value) {
    const call = value as { name: string; args?: unknown[] };
    if (CLIENT_SIDE_DEFAULTS.has(call.name)) return null;
    if (call.name === "now") return "CURRENT_TIMESTAMP";
    if (call.name === "autoincrement") return `nextval('"${tableName(model)}_${columnName(field)}_seq"'::regclass)`;
    if (call.name === "dbgenerated" && typeof call.args?.[0] === "string") return call.args[0];
    throw new Error(`default ${call.name}() on ${where} is not supported by the drift check`);
  }

  if (typeof value === "boolean") return String(value);

  if (typeof value === "number") {
    // PostgreSQL prints a negative numeric default as a cast string literal.
    return value < 0 ? `'${value}'::${castType}` : String(value);
  }

  if (typeof value === "string") {
    const literal = `'${value.replaceAll("'", "''")}'`;
    return `${literal}::${castType}`;
  }

  throw new Error(`default ${JSON.stringify(value)} on ${where} is not supported by the drift check`);
}

// pg_get_expr prints casts with the type's short name and strips any precision.
function castName(baseType: string): string {
  if (baseType.startsWith("character varying")) return "character varying";
  if (baseType.startsWith("character")) return "bpchar";
  return baseType;
}

// PostgreSQL quotes a type name in printed expressions unless it is a plain lowercase identifier.
function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

function expectedForeignKeys(model: DmmfModel, models: Map<string, DmmfModel>): Array<[string, ForeignKeyShape]> {
  const foreignKeys: Array<[string, ForeignKeyShape]> = [];

  for (const field of model.fields) {
    if (field.kind !== "object" || !field.relationFromFields?.length) continue;

    const target = models.get(field.type);
    if (target === undefined) throw new Error(`relation ${model.name}.${field.name} points at unknown model ${field.type}`);

    const fromFields = field.relationFromFields.map((name) => findField(model, name));
    const columns = fromFields.map(columnName);
    const referencedColumns = (field.relationToFields ?? []).map((name) => columnName(findField(target, name)));

    // Prisma's defaults: RESTRICT when every referencing field is required, else SET NULL;
    // updates cascade.
    const defaultOnDelete = fromFields.every((from) => from.isRequired) ? "Restrict" : "SetNull";

    foreignKeys.push([
      `${tableName(model)}_${columns.join("_")}_fkey`,
      {
        table: tableName(model),
        columns,
        referencedTable: tableName(target),
        referencedColumns,
        onDelete: referentialAction(field.relationOnDelete ?? defaultOnDelete),
        onUpdate: referentialAction(field.relationOnUpdate ?? "Cascade"),
      },
    ]);
  }
  return foreignKeys;
}

function referentialAction(name: string): ReferentialAction {
  const action = REFERENTIAL_ACTIONS[name];
  if (action === undefined) throw new Error(`referential action ${name} is not mapped in expected-shape.ts`);
  return action;
}

function findField(model: DmmfModel, name: string): DmmfField {
  const field = model.fields.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`field ${model.name}.${name} not found in the DMMF`);
  return field;
}

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

function columnName(field: DmmfField): string {
  return field.dbName ?? field.name;
}

function withArgs(name: string, args: string[]): string {
  return args.length > 0 ? `${name}(${args.join(",")})` : name;
}
