// Duration syntax of Go's time.ParseDuration without a sign, as ESO's refreshInterval
// expects (for example `1h`, `15m` or `1h30m`). Same pattern as refreshInterval in portal.config.yaml.
export const GO_DURATION_PATTERN = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** Checks that `value` is an unsigned Go duration such as `1h` or `15m30s`. */
export function isGoDuration(value: string): boolean {
  return GO_DURATION_PATTERN.test(value);
}
