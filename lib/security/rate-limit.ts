// Fixed-window counters kept in this process's memory.
// NOTE: each replica counts on its own, so with N replicas behind a load balancer a client
// gets up to N times the limit. Move the counters to PostgreSQL or Redis before relying on
// these limits with several replicas.

export interface RateLimitRule {
  /** Name used in the key and in logs, such as "sign-in". */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Window {
  startedAt: number;
  count: number;
}

// proxy.ts and the server actions are bundled separately, so the map lives on globalThis to
// be one per process.
const holder = globalThis as { __portalRateLimits?: Map<string, Window> };
const MAX_TRACKED_KEYS = 50_000;

/** Counts one request by `subject` against `rule` and returns whether it is within the limit. */
export function consumeRateLimit(rule: RateLimitRule, subject: string, now: number = Date.now()): RateLimitResult {
  const windows = (holder.__portalRateLimits ??= new Map());
  const key = `${rule.name}:${subject}`;
  const windowMs = rule.windowSeconds * 1000;

  let window = windows.get(key);
  if (!window || now - window.startedAt >= windowMs) {
    if (windows.size >= MAX_TRACKED_KEYS) dropExpiredWindows(windows, now, windowMs);
    window = { startedAt: now, count: 0 };
    windows.set(key, window);
  }

  window.count += 1;
  if (window.count <= rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)) };
}

function dropExpiredWindows(windows: Map<string, Window>, now: number, windowMs: number): void {
  for (const [key, window] of windows) {
    if (now - window.startedAt >= windowMs) windows.delete(key);
  }
}

/** Forgets every counter; for tests. */
export function resetRateLimits(): void {
  holder.__portalRateLimits?.clear();
}

export const SIGN_IN_RATE_LIMIT: RateLimitRule = { name: "sign-in", limit: 10, windowSeconds: 60 };
export const REQUEST_CREATION_RATE_LIMIT: RateLimitRule = { name: "request-creation", limit: 10, windowSeconds: 60 };

/** Builds the message shown with a 429, such as "Too many sign-in attempts: …". */
export function rateLimitMessage(actionsPlural: string, rule: RateLimitRule, retryAfterSeconds: number): string {
  return (
    `Too many ${actionsPlural}: the limit is ${rule.limit} per ${rule.windowSeconds} seconds. ` +
    `Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`
  );
}
