import { DNS1123_LABEL_MAX_LENGTH, isDns1123Subdomain } from "./dns-names";

// Label and annotation rules of k8s.io/apimachinery: IsQualifiedName for keys,
// IsValidLabelValue for label values, and the 256 KiB limit on all annotations of an object.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

// Prefixes that Kubernetes, ESO or the portal itself write; a requester must not set them.
const RESERVED_KEY_PREFIXES = [
  "kubernetes.io/",
  "k8s.io/",
  "external-secrets.io/",
  "reconcile.external-secrets.io/",
  "secrets-portal.io/",
];
const RESERVED_KEYS = new Set(["app.kubernetes.io/managed-by"]);

/** Lists the problems with a label or annotation key such as `team` or `example.com/owner`. */
export function validateMetadataKey(key: string, kind: "Label" | "Annotation"): string[] {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const problems: string[] = [];

  if (prefix !== undefined && !isDns1123Subdomain(prefix)) {
    problems.push(
      `${kind} key "${key}" has an invalid prefix; the part before '/' must be a DNS subdomain such as \`example.com\``,
    );
  }
  if (name.length === 0 || name.length > DNS1123_LABEL_MAX_LENGTH || !QUALIFIED_NAME_PART.test(name)) {
    problems.push(
      `${kind} key "${key}" is invalid; the name part must be 1-63 letters, digits, '-', '_' or '.', ` +
        "starting and ending with a letter or digit",
    );
  }
  return problems;
}

/** Lists every problem with Kubernetes labels (keys and values); an empty list means they are valid. */
export function validateLabels(labels: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    problems.push(...validateMetadataKey(key, "Label"));
    if (value.length > DNS1123_LABEL_MAX_LENGTH || !LABEL_VALUE.test(value)) {
      problems.push(
        `Label "${key}" has an invalid value "${value}"; use at most 63 letters, digits, '-', '_' or '.', ` +
          "starting and ending with a letter or digit",
      );
    }
  }
  return problems;
}

/** Lists every problem with Kubernetes annotations (key syntax and total size); an empty list means they are valid. */
export function validateAnnotations(annotations: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    problems.push(...validateMetadataKey(key, "Annotation"));
    // A lone UTF-16 surrogate cannot be written as UTF-8, so the file would not hold the value.
    if (!value.isWellFormed()) {
      problems.push(`Annotation "${key}" has a value that is not valid Unicode text; retype it`);
    }
    bytes += new TextEncoder().encode(key + value).length;
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    problems.push(`Annotations take ${bytes} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES}, so shorten them`);
  }
  return problems;
}

/**
 * Lists problems with the labels and annotations requested for the generated Secret:
 * the syntax rules, reserved keys, and Go template markers. ESO renders template metadata
 * with Go templates, so an annotation value containing `{{` could copy secret data into
 * the Secret's metadata.
 */
export function validateRequestedSecretMetadata(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
): string[] {
  const problems = [...validateLabels(labels), ...validateAnnotations(annotations)];

  for (const [kind, entries] of [
    ["Label", labels],
    ["Annotation", annotations],
  ] as const) {
    for (const [key, value] of Object.entries(entries)) {
      if (RESERVED_KEYS.has(key) || RESERVED_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) {
        problems.push(`${kind} key "${key}" is reserved for Kubernetes, ESO or the portal; choose another key`);
      }
      if (value.includes("{{") || value.includes("}}")) {
        problems.push(
          `${kind} "${key}" contains "{{" or "}}", which ESO would evaluate as a template; remove the braces`,
        );
      }
    }
  }
  return problems;
}
