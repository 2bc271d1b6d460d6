// Label and annotation keys the portal writes on generated manifests. A requester cannot
// set keys with these prefixes (see validateRequestedSecretMetadata).

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "secrets-portal";
export const APPLICATION_LABEL = "secrets-portal.io/application";
export const ENVIRONMENT_LABEL = "secrets-portal.io/environment";

export const REQUEST_ID_ANNOTATION = "secrets-portal.io/request-id";
export const REQUEST_URL_ANNOTATION = "secrets-portal.io/request-url";
export const DESCRIPTION_ANNOTATION = "secrets-portal.io/description";

/** Returns the labels the portal puts on every manifest it generates for an application. */
export function portalLabels(application: string, environment: string): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [APPLICATION_LABEL]: application,
    [ENVIRONMENT_LABEL]: environment,
  };
}

/** Returns a copy of `entries` with keys in sorted order, so the YAML output is stable. */
export function sortedEntries(entries: Readonly<Record<string, string>>): Record<string, string> {
  // fromEntries defines own properties, so even a `__proto__` key stays a plain entry.
  const pairs = Object.entries(entries);
  pairs.sort(([left], [right]) => compareCodeUnits(left, right));
  return Object.fromEntries(pairs);
}

// Plain code-unit order, like Go's sort.Strings, so the order does not depend on the locale.
function compareCodeUnits(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}
