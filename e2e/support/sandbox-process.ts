import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { SandboxDatabase } from "./database-rows";
import { AWS_PORT, GITHUB_PORT, PORTAL_PORT } from "./e2e-settings";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const STOP_TIMEOUT_MS = 30_000;

/** How long startSandbox() waits for /api/health; a PostgreSQL run migrates the database first. */
export const SANDBOX_START_TIMEOUT_MS = 90_000;
const HEALTH_POLL_MS = 500;

export interface RunningSandbox {
  dataDir: string;
  /** The GitOps bare repository the GitHub simulator serves. */
  repositoryPath: string;
  /** The launcher's stdout and stderr, which also carry the portal's and both simulators' logs. */
  logFile: string;
  database: SandboxDatabase;
  /** Stops the launcher with SIGTERM and throws if any process it started is still running. */
  stop(): Promise<void>;
  /** Stops the sandbox, then drops its database and deletes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts `sandbox/start.ts` (portal, GitHub and Secrets Manager simulators) with a fresh data
 * directory and, when DATABASE_URL is set, a fresh database on that local server, and waits
 * until /api/health returns 200.
 */
export async function startSandbox(label: string): Promise<RunningSandbox> {
  for (const port of [PORTAL_PORT, GITHUB_PORT, AWS_PORT]) await assertPortFree(port);

  const dataDir = await mkdtemp(path.join(tmpdir(), "secrets-portal-e2e-"));
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const database: SandboxDatabase = scratch
    ? { kind: "postgres", url: scratch.url }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };

  const logDir = path.join(REPOSITORY_ROOT, "test-results", "sandbox-logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${label}.log`);

  const launcher = spawnLauncher(dataDir, logFile, scratch);
  const stop = onceOnly(() => stopLauncher(launcher));
  const dispose = onceOnly(async () => {
    try {
      await stop();
    } finally {
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  try {
    await waitForHealth(launcher, logFile);
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }

  return {
    dataDir,
    repositoryPath: path.join(dataDir, "github", "acme", "gitops.git"),
    logFile,
    database,
    stop,
    dispose,
  };
}

function spawnLauncher(dataDir: string, logFile: string, scratch: ScratchDatabase | undefined): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORTAL_PORT),
    PORTAL_DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Unset, the simulator ports follow PORT, the job worker runs and the default configuration applies.
  for (const name of ["SANDBOX_GITHUB_PORT", "SANDBOX_AWS_PORT", "PORTAL_WORKER", "PORTAL_CONFIG", "NODE_ENV"]) delete env[name];
  if (scratch) env.DATABASE_URL = scratch.url;

  const args = ["--conditions=react-server", "sandbox/start.ts", "--production"];

  const log = openSync(logFile, "w");
  try {
    // detached makes the launcher lead a new session and process group, so stop() can
    // check that no child (next) outlives it.
    return spawn(path.join(REPOSITORY_ROOT, "node_modules/.bin/tsx"), args, {
      cwd: REPOSITORY_ROOT,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
  } finally {
    closeSync(log);
  }
}

async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `Port ${port} on 127.0.0.1 is in use; the browser tests start their own sandbox on ports ` +
                `${PORTAL_PORT}-${AWS_PORT}. Stop whatever listens there (another sandbox?) and run them again.`
            : `Checking port ${port} failed: ${error.message}`,
        ),
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

async function waitForHealth(launcher: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + SANDBOX_START_TIMEOUT_MS;
  let last = "no response yet";

  while (Date.now() < deadline) {
    if (launcher.exitCode !== null || launcher.signalCode !== null) {
      throw new Error(`The sandbox exited (${launcher.exitCode ?? launcher.signalCode}) before it was healthy.\n${logTail(logFile)}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${PORTAL_PORT}/api/health`, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(HEALTH_POLL_MS);
  }
  throw new Error(`/api/health did not return 200 within ${SANDBOX_START_TIMEOUT_MS / 1000} s (last: ${last}).\n${logTail(logFile)}`);
}

async function stopLauncher(launcher: ChildProcess): Promise<void> {
  const group = launcher.pid;
  if (group === undefined) return;

  if (launcher.exitCode === null && launcher.signalCode === null) {
    const exited = new Promise<void>((resolve) => launcher.once("exit", () => resolve()));
    launcher.kill("SIGTERM");
    await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
  }

  // The launcher may exit before next has; give the rest of its group the same time.
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(group) && Date.now() < deadline) await sleep(200);
  if (!groupAlive(group)) return;

  const leftovers = spawnSync("ps", ["-o", "pid=,args=", "-s", String(group)], { encoding: "utf8" }).stdout.trim();
  process.kill(-group, "SIGKILL");
  throw new Error(`Processes of the sandbox were still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM (killed now):\n${leftovers}`);
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

function logTail(logFile: string, lines = 40): string {
  const text = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  return `Last lines of ${logFile}:\n${text}`;
}

function onceOnly(run: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= run());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
