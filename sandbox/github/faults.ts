import { z } from "zod";

// Operations are named either by octokit's operation id ("pulls/create") or by
// "<METHOD> <path pattern>", where the pattern is GitHub's template ("/repos/{owner}/{repo}/pulls"),
// a concrete path, or a glob with "*" ("/repos/acme/*/pulls").
export const faultSchema = z.object({
  operation: z.string().min(1),
  count: z.number().int().positive().default(1),
  status: z.number().int().min(400).max(599),
  message: z.string().optional(),
  retryAfter: z.number().int().nonnegative().optional(),
  // "after" runs the operation first and then fails the response, like a lost reply.
  phase: z.enum(["before", "after"]).default("before"),
});

export const latencySchema = z.object({
  operation: z.string().min(1),
  ms: z.number().int().nonnegative().max(120_000),
  count: z.number().int().positive().optional(),
});

export type FaultRule = z.infer<typeof faultSchema> & { id: number; remaining: number };
export type LatencyRule = z.infer<typeof latencySchema> & { id: number; remaining: number | null };

export interface OperationTarget {
  method: string;
  template: string;
  operationId: string;
  pathname: string;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split(/(\{\w+\}|\*)/)
    .map((part) => {
      if (part === "*") return ".*";
      if (/^\{\w+\}$/.test(part)) return "[^/]+";
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${escaped}$`);
}

export function operationMatches(operation: string, target: OperationTarget): boolean {
  const trimmed = operation.trim();
  const space = trimmed.indexOf(" ");
  if (space === -1) return trimmed === "*" || trimmed === target.operationId;

  const method = trimmed.slice(0, space).toUpperCase();
  const pattern = trimmed.slice(space + 1).trim();
  if (method !== "*" && method !== target.method) return false;
  return pattern === target.template || globToRegExp(pattern).test(target.pathname);
}

const DEFAULT_MESSAGES: Record<number, string> = {
  403: "Resource not accessible by integration",
  404: "Not Found",
  409: "Conflict",
  422: "Validation Failed",
  429: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
};

export function faultMessage(rule: FaultRule): string {
  if (rule.message) return rule.message;
  if (rule.status === 403 && rule.retryAfter !== undefined) return DEFAULT_MESSAGES[429] ?? "";
  return DEFAULT_MESSAGES[rule.status] ?? "Simulated failure";
}

export class FaultRegistry {
  private faults: FaultRule[] = [];
  private latencies: LatencyRule[] = [];
  private nextId = 1;

  addFault(input: z.infer<typeof faultSchema>): FaultRule {
    const rule = { ...input, id: this.nextId++, remaining: input.count };
    this.faults.push(rule);
    return rule;
  }

  addLatency(input: z.infer<typeof latencySchema>): LatencyRule {
    const rule = { ...input, id: this.nextId++, remaining: input.count ?? null };
    this.latencies.push(rule);
    return rule;
  }

  // Clears injected faults and latency alike, so one call restores normal behaviour.
  clear(): void {
    this.faults = [];
    this.latencies = [];
  }

  clearLatency(): void {
    this.latencies = [];
  }

  list(): { faults: FaultRule[]; latency: LatencyRule[] } {
    return { faults: [...this.faults], latency: [...this.latencies] };
  }

  // Consumes one use of the first matching fault of the given phase.
  takeFault(target: OperationTarget, phase: FaultRule["phase"]): FaultRule | null {
    const rule = this.faults.find(
      (candidate) => candidate.phase === phase && operationMatches(candidate.operation, target),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== rule);
    return rule;
  }

  takeLatency(target: OperationTarget): number {
    let total = 0;
    for (const rule of this.latencies) {
      if (!operationMatches(rule.operation, target)) continue;
      total += rule.ms;
      if (rule.remaining !== null) rule.remaining -= 1;
    }
    this.latencies = this.latencies.filter((rule) => rule.remaining === null || rule.remaining > 0);
    return total;
  }
}
