import "server-only";

import { logger } from "@/lib/log";

const log = logger.child({ component: "health" });

export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

export type CheckName = "database" | "github" | "secretsManager";

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  checks: Record<CheckName, CheckResult>;
}

/** A probe that resolves when the dependency works and throws an error naming what failed. */
export type HealthProbe = () => Promise<void>;

/** Runs one probe and reports its latency; a probe slower than `timeoutMs` counts as failed. */
export async function runProbe(name: CheckName, probe: HealthProbe, timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} check timed out after ${timeoutMs} ms`)), timeoutMs);
  });

  try {
    await Promise.race([probe(), timeout]);
    return { ok: true, latencyMs: elapsedSince(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ check: name, err: error }, "health check failed");
    return { ok: false, latencyMs: elapsedSince(started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every probe in parallel; the report is "ok" only when all of them pass. */
export async function checkHealth(
  probes: Record<CheckName, HealthProbe>,
  timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const [database, github, secretsManager] = await Promise.all([
    runProbe("database", probes.database, timeoutMs),
    runProbe("github", probes.github, timeoutMs),
    runProbe("secretsManager", probes.secretsManager, timeoutMs),
  ]);

  const checks = { database, github, secretsManager };
  const status = Object.values(checks).every((check) => check.ok) ? "ok" : "degraded";
  return { status, checks };
}

/** Runs `probe` for each region and throws one error that lists every region that failed. */
export async function probeEachRegion(regions: readonly string[], probe: (region: string) => Promise<void>): Promise<void> {
  const distinct = [...new Set(regions)];
  const results = await Promise.allSettled(distinct.map((region) => probe(region)));

  const failures = results.flatMap((result, index) =>
    result.status === "rejected" ? [`${distinct[index]}: ${describeReason(result.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(failures.join("; "));
}

function describeReason(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}
