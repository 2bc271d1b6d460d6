import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { z } from "zod";

// Reads Prisma's DMMF (the parsed data model) for a schema. The generated client keeps
// only a reduced copy without nullability, native types or indexes, and getDMMF lives in
// the heavy @prisma/internals package, so this runs `prisma generate` with a small
// generator (dmmf-generator.mjs) in place of the schema's own generators. That needs no
// schema engine and no network.

const run = promisify(execFile);

const GENERATE_TIMEOUT_MS = 60_000;

const dmmfFieldSchema = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  kind: z.enum(["scalar", "enum", "object", "unsupported"]),
  type: z.string(),
  isList: z.boolean(),
  isRequired: z.boolean(),
  isUpdatedAt: z.boolean().optional(),
  nativeType: z.tuple([z.string(), z.array(z.string())]).nullish(),
  default: z.unknown().optional(),
  relationFromFields: z.array(z.string()).optional(),
  relationToFields: z.array(z.string()).optional(),
  relationOnDelete: z.string().optional(),
  relationOnUpdate: z.string().optional(),
});

const dmmfModelSchema = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  fields: z.array(dmmfFieldSchema),
});

const dmmfEnumSchema = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  values: z.array(z.object({ name: z.string(), dbName: z.string().nullish() })),
});

const dmmfIndexSchema = z.object({
  model: z.string(),
  type: z.enum(["id", "unique", "normal", "fulltext"]),
  dbName: z.string().nullish(),
  algorithm: z.string().nullish(),
  fields: z.array(
    z.object({
      name: z.string(),
      sortOrder: z.string().nullish(),
      operatorClass: z.string().nullish(),
    }),
  ),
});

const dmmfDocumentSchema = z.object({
  datamodel: z.object({
    models: z.array(dmmfModelSchema),
    enums: z.array(dmmfEnumSchema),
    indexes: z.array(dmmfIndexSchema),
  }),
});

export type DmmfField = z.infer<typeof dmmfFieldSchema>;
export type DmmfModel = z.infer<typeof dmmfModelSchema>;
export type DmmfEnum = z.infer<typeof dmmfEnumSchema>;
export type DmmfIndex = z.infer<typeof dmmfIndexSchema>;
export type DmmfDatamodel = z.infer<typeof dmmfDocumentSchema>["datamodel"];

const GENERATOR_BLOCK = /^generator\s+\w+\s*\{[^}]*\}/gm;

/** Reads the DMMF of a Prisma schema given as text. Takes about two seconds. */
export async function readDmmf(schemaText: string): Promise<DmmfDatamodel> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "portal-dmmf-"));
  try {
    const schemaPath = path.join(workDir, "schema.prisma");
    const outputPath = path.join(workDir, "dmmf.json");
    const generatorPath = fileURLToPath(new URL("dmmf-generator.mjs", import.meta.url));

    const dumpGenerator = [
      "generator dmmf {",
      `  provider = ${JSON.stringify(`"${process.execPath}" "${generatorPath}"`)}`,
      `  output   = ${JSON.stringify(outputPath)}`,
      "}",
    ].join("\n");
    await writeFile(schemaPath, `${schemaText.replace(GENERATOR_BLOCK, "")}\n${dumpGenerator}\n`);

    await runPrismaGenerate(schemaPath);

    const document: unknown = JSON.parse(await readFile(outputPath, "utf8"));
    return dmmfDocumentSchema.parse(document).datamodel;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Reads the DMMF of a schema file, by default the project's prisma/schema.prisma. */
export async function readDmmfFromFile(
  schemaPath: string = path.join(process.cwd(), "prisma", "schema.prisma"),
): Promise<DmmfDatamodel> {
  return readDmmf(await readFile(schemaPath, "utf8"));
}

async function runPrismaGenerate(schemaPath: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const prismaPackage = require.resolve("prisma/package.json");
  const cli = path.join(path.dirname(prismaPackage), "build", "index.js");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The CLI refuses to start without a schema engine file although generate never
    // runs it; any existing file passes that check (as in scripts/prisma-generate.mjs).
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? prismaPackage,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    NO_COLOR: "1",
  };

  try {
    await run(process.execPath, [cli, "generate", "--schema", schemaPath], {
      env,
      timeout: GENERATE_TIMEOUT_MS,
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (error) {
    const output = error instanceof Error && "stderr" in error ? String(error.stderr) : "";
    throw new Error(`prisma generate failed for ${schemaPath}: ${output || String(error)}`, { cause: error });
  }
}
