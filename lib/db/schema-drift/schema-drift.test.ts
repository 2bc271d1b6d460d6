import { readFile } from "node:fs/promises";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from "@/test-support/database";

import { applyMigrations, createPgExecutor, type SqlExecutor } from "../migrate";

import { readDatabaseShape } from "./actual-shape";
import { compareShapes } from "./compare-shapes";
import type { DatabaseShape } from "./database-shape";
import { expectedShape } from "./expected-shape";
import { readDmmf, readDmmfFromFile } from "./read-dmmf";

// Compares the database that prisma/migrations produces with the one schema.prisma
// describes. When this fails, write a migration for the listed differences.

const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

let expected: DatabaseShape;
let pglite: PGlite;

beforeAll(async () => {
  const [datamodel, database] = await Promise.all([readDmmfFromFile(SCHEMA_PATH), PGlite.create()]);
  expected = expectedShape(datamodel);
  pglite = database;
  await applyMigrations(pglite);
});

afterAll(async () => {
  await pglite.close();
});

/** Runs `change` inside a transaction that is rolled back, and returns the shape it left. */
async function shapeAfter(executor: SqlExecutor, change: string): Promise<DatabaseShape> {
  await executor.exec("BEGIN");
  try {
    await executor.exec(change);
    return await readDatabaseShape(executor);
  } finally {
    await executor.exec("ROLLBACK");
  }
}

describe("schema drift on pglite", () => {
  it("migrations match schema.prisma", async () => {
    const actual = await readDatabaseShape(pglite);

    expect(compareShapes(expected, actual)).toEqual([]);
  });

  it("expected shape covers every model", () => {
    expect([...expected.tables.keys()].sort()).toEqual(["AuditEvent", "Job", "SecretRequest", "User", "WebhookDelivery"]);
  });

  it("dropped index is reported", async () => {
    const actual = await shapeAfter(pglite, 'DROP INDEX "SecretRequest_status_idx"');

    expect(compareShapes(expected, actual)).toEqual([
      'index SecretRequest_status_idx: missing from the database (expected INDEX ON SecretRequest USING btree (status))',
    ]);
  });

  it("nullability change is reported", async () => {
    const actual = await shapeAfter(pglite, 'ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL');

    expect(compareShapes(expected, actual)).toEqual([
      "column User.email: the database has text NOT NULL, schema.prisma needs text NULL",
    ]);
  });

  it("foreign key action change is reported", async () => {
    const actual = await shapeAfter(
      pglite,
      `ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_requestId_fkey";
       ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_requestId_fkey" FOREIGN KEY ("requestId")
         REFERENCES "SecretRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;`,
    );

    expect(compareShapes(expected, actual)).toEqual([
      "foreign key AuditEvent_requestId_fkey: the database has AuditEvent(requestId) REFERENCES SecretRequest(id) " +
        "ON DELETE CASCADE ON UPDATE CASCADE, schema.prisma needs AuditEvent(requestId) REFERENCES SecretRequest(id) " +
        "ON DELETE SET NULL ON UPDATE CASCADE",
    ]);
  });

  it("extra column is reported", async () => {
    const actual = await shapeAfter(pglite, 'ALTER TABLE "Job" ADD COLUMN "weight" INTEGER');

    expect(compareShapes(expected, actual)).toEqual(["column Job.weight: in the database but not in schema.prisma"]);
  });
});

describe("schema changes without a migration", () => {
  let differences: string[];

  beforeAll(async () => {
    // One edited schema carries every change, because each DMMF read runs `prisma generate`.
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const edited = schema
      .replace(/(model User \{\n)/, '$1  nickname String?\n')
      .replace(/(enum JobStatus \{\n)/, "$1  PAUSED\n")
      .replace(/(model WebhookDelivery \{[^}]*?)\n\}/, "$1\n\n  @@index([event])\n}")
      .replace('justification       String        @default("")', 'justification       String        @default("none")');
    expect(edited).not.toBe(schema);

    differences = compareShapes(expectedShape(await readDmmf(edited)), await readDatabaseShape(pglite));
  });

  it("new column is reported", () => {
    expect(differences).toContain("column User.nickname: missing from the database (expected text NULL)");
  });

  it("new enum value is reported", () => {
    expect(differences).toContain(
      "enum JobStatus: the database has values QUEUED, RUNNING, SUCCEEDED, FAILED, schema.prisma has PAUSED, QUEUED, RUNNING, SUCCEEDED, FAILED",
    );
  });

  it("new index is reported", () => {
    expect(differences).toContain(
      "index WebhookDelivery_event_idx: missing from the database (expected INDEX ON WebhookDelivery USING btree (event))",
    );
  });

  it("changed default is reported", () => {
    expect(differences).toContain(
      "column SecretRequest.justification: the database has text NOT NULL DEFAULT ''::text, schema.prisma needs text NOT NULL DEFAULT 'none'::text",
    );
  });

  it("nothing else is reported", () => {
    expect(differences).toHaveLength(4);
  });
});

describe.runIf(process.env.DATABASE_URL)("schema drift on postgres", () => {
  let scratch: ScratchPostgresDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? "");
    client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await applyMigrations(createPgExecutor(client));
  });

  afterAll(async () => {
    await client?.end();
    await scratch?.drop();
  });

  it("migrations match schema.prisma", async () => {
    const actual = await readDatabaseShape(createPgExecutor(client));

    expect(compareShapes(expected, actual)).toEqual([]);
  });
});
