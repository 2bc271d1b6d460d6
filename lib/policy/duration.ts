import { isGoDuration } from "@/lib/naming/go-duration";

// Nanoseconds per unit of Go's time.ParseDuration.
const UNIT_NANOSECONDS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Converts an unsigned Go duration such as `1h30m` to seconds; returns null when it is not one. */
export function durationSeconds(value: string): number | null {
  // Go accepts a bare "0", which ESO reads as "never refresh".
  if (value === "0") return 0;
  if (!isGoDuration(value)) return null;

  let nanoseconds = 0;
  for (const match of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) {
    const [, amount, unit] = match;
    nanoseconds += Number(amount) * (UNIT_NANOSECONDS[unit ?? ""] ?? 0);
  }
  return nanoseconds / 1e9;
}
