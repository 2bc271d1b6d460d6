import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { REPOSITORY_ROOT } from "./sandbox-process";

// Inputs of `next build`. Test files are left out: editing one does not change the build.
const SOURCE_DIRECTORIES = ["app", "components", "lib", "public"];
const SOURCE_FILES = [
  "instrumentation.ts",
  "middleware.ts",
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

/**
 * Runs `next build` unless .next/BUILD_ID is newer than every source file. The launcher only
 * builds when BUILD_ID is missing, so without this check a stale build would be tested.
 */
export function ensureProductionBuild(): void {
  const buildId = path.join(REPOSITORY_ROOT, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = newestSourceChange();
  if (builtAt > changed.mtimeMs) return;

  console.log(
    builtAt === 0 ? "e2e: no production build yet; running next build" : `e2e: ${changed.file} changed after the last build; running next build`,
  );
  const started = Date.now();

  // The build must not open the PGlite directory of a sandbox running from this checkout.
  const dataDir = mkdtempSync(path.join(tmpdir(), "secrets-portal-e2e-build-"));
  try {
    const result = spawnSync(process.execPath, [path.join(REPOSITORY_ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: REPOSITORY_ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", PORTAL_DATA_DIR: dataDir, PORTAL_WORKER: "off", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal}); see the output above.`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`e2e: next build took ${Math.round((Date.now() - started) / 1000)} s`);
}

function newestSourceChange(): { file: string; mtimeMs: number } {
  let newest = { file: "", mtimeMs: 0 };
  const consider = (file: string): void => {
    const mtimeMs = statSync(file).mtimeMs;
    if (mtimeMs > newest.mtimeMs) newest = { file: path.relative(REPOSITORY_ROOT, file), mtimeMs };
  };

  for (const name of SOURCE_FILES) {
    const file = path.join(REPOSITORY_ROOT, name);
    if (existsSync(file)) consider(file);
  }
  for (const directory of SOURCE_DIRECTORIES) {
    const root = path.join(REPOSITORY_ROOT, directory);
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
      consider(path.join(entry.parentPath, entry.name));
    }
  }
  return newest;
}
