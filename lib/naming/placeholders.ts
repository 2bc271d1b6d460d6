import { NamingError } from "./naming-error";

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Replaces each `{placeholder}` in `template` with its value in one pass, so a value that
 * itself contains `{name}` is never expanded again. Throws NamingError for a placeholder
 * that `values` does not define.
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
  templateLabel: string,
): string {
  const unknown = new Set<string>();
  const result = template.replace(PLACEHOLDER, (match, placeholder: string) => {
    // Own properties only, so `{constructor}` is not filled from Object.prototype.
    const value = Object.hasOwn(values, placeholder) ? values[placeholder] : undefined;
    if (value === undefined) {
      unknown.add(match);
      return match;
    }
    return value;
  });

  if (unknown.size > 0) {
    const known = Object.keys(values)
      .map((key) => `{${key}}`)
      .join(", ");
    throw new NamingError(
      `${templateLabel} "${template}" uses unknown placeholder ${[...unknown].join(", ")}; use only ${known}`,
    );
  }
  return result;
}
