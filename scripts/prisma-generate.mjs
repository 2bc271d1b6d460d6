// Generates the Prisma client into lib/db/generated. `prisma generate` needs no schema
// engine, but the CLI checks that one exists before it starts, so any existing file
// satisfies the check on machines where the engine cannot be downloaded.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL("../package.json", import.meta.url));
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";

const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
