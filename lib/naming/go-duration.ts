// Duration syntax of Go's time.ParseDuration without a sign, as ESO's refreshInterval
// expects (for example `1h`, `15m` or `1h30m`). Same pattern as refreshInterval in portal.config.yaml.
export const GO_DURATION_PATTERN = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Checks that `value` is an unsigned Go duration such as `1h` or `15m30s`. */
export function isGoDuration(value: string): boolean {
  return GO_DURATION_PATTERN.test(value);
}

/** Converts a Go duration such as `1h30m` to seconds; returns null for anything else. */
export function goDurationSeconds(value: string): number | null {
  if (!isGoDuration(value)) return null;

  let seconds = 0;
  for (const match of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) {
    const [, amount, unit] = match;
    seconds += Number(amount) * (UNIT_SECONDS[unit ?? "s"] ?? 1);
  }
  return seconds;
}
