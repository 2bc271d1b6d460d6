import { goDurationSeconds } from "@/lib/naming/go-duration";

// Estimates of what an ExternalSecret's refresh interval costs in Secrets Manager API calls.
// Browser-safe, so the form shows the same numbers as the pull request body. The estimate
// counts one GetSecretValue call per refresh and per cluster, because all of an
// ExternalSecret's keys come from one JSON secret.
// NOTE: ESO may add DescribeSecret or retry calls; the estimate leaves them out.

/** A 30-day month, in seconds; the estimate uses it for every month. */
export const SECONDS_PER_MONTH = 30 * 24 * 60 * 60;

export interface ApiPricing {
  /** ISO 4217 code such as `USD`. */
  currency: string;
  pricePer10kApiCalls: number;
}

export interface RefreshCost {
  refreshInterval: string;
  callsPerMonth: number;
  /** In `currency`, unrounded. */
  monthlyCost: number;
  currency: string;
}

/** Estimates the monthly calls and cost of one ExternalSecret; null when the interval is not a positive Go duration. */
export function estimateRefreshCost(refreshInterval: string, pricing: ApiPricing): RefreshCost | null {
  const seconds = goDurationSeconds(refreshInterval);
  if (seconds === null || seconds <= 0) return null;

  const callsPerMonth = Math.ceil(SECONDS_PER_MONTH / seconds);
  return {
    refreshInterval,
    callsPerMonth,
    monthlyCost: (callsPerMonth / 10_000) * pricing.pricePer10kApiCalls,
    currency: pricing.currency,
  };
}

/** Formats an amount with four decimals when it is under 1, so that fractions of a cent stay visible. */
export function formatMoney(amount: number, currency: string): string {
  const digits = amount !== 0 && amount < 1 ? 4 : 2;
  return `${currency} ${amount.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** Describes a cost as "2,880 API calls, about USD 0.01 per month". */
export function describeRefreshCost(cost: RefreshCost): string {
  return `${cost.callsPerMonth.toLocaleString("en-US")} API calls, about ${formatMoney(cost.monthlyCost, cost.currency)} per month`;
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * Describes what the next shorter choice buys: a rotated value reaches the Kubernetes
 * Secret sooner, at a multiple of the calls. Returns null when no choice is shorter.
 */
export function describeShorterInterval(refreshInterval: string, choices: readonly string[], pricing: ApiPricing): string | null {
  const current = goDurationSeconds(refreshInterval);
  const currentCost = estimateRefreshCost(refreshInterval, pricing);
  if (current === null || currentCost === null) return null;

  const shorter = choices
    .map((choice) => ({ choice, seconds: goDurationSeconds(choice) }))
    .filter((entry): entry is { choice: string; seconds: number } => entry.seconds !== null && entry.seconds > 0 && entry.seconds < current)
    .sort((left, right) => right.seconds - left.seconds)[0];
  if (!shorter) return null;

  const shorterCost = estimateRefreshCost(shorter.choice, pricing);
  if (!shorterCost) return null;
  const factor = Math.round((shorterCost.callsPerMonth / currentCost.callsPerMonth) * 10) / 10;
  return (
    `${shorter.choice} instead of ${refreshInterval}: a rotated value reaches the Kubernetes Secret up to ` +
    `${describeSeconds(current - shorter.seconds)} sooner, for ${factor}× the calls ` +
    `(${describeRefreshCost(shorterCost)}).`
  );
}
