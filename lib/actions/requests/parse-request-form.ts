// Turns the new-request form's FormData into the shape newRequestSchema parses. The browser
// and the server action both call it, so they validate exactly the same values.

/** Form field names of the new-request form, in the order the form shows them. */
export const REQUEST_FORM_FIELDS = [
  "environment",
  "application",
  "secretName",
  "description",
  "justification",
  "secretType",
  "valueSource",
  "username",
  "keys",
  "keyPolicies",
  "useDataFrom",
  "refreshInterval",
  "labels",
  "annotations",
] as const;

export type RequestFormField = (typeof REQUEST_FORM_FIELDS)[number];

const TEXT_FIELDS = [
  "environment",
  "application",
  "secretName",
  "description",
  "justification",
  "secretType",
  "valueSource",
  "username",
  "refreshInterval",
] as const satisfies readonly RequestFormField[];

/** The form's raw values: text not yet trimmed or checked, which newRequestSchema then parses. */
export type RequestFormInput = { [Field in (typeof TEXT_FIELDS)[number]]?: string } & {
  keys: string[];
  useDataFrom?: boolean;
  /** Parsed from the `keyPolicies` JSON field; left as text when it is not JSON, so the schema reports it. */
  keyPolicies?: unknown;
  labels?: unknown;
  annotations?: unknown;
};

/**
 * Reads `name=value` lines into a map, as the labels and annotations text areas hold them.
 * A line without `=` is kept as the key with an empty value, so the schema names it.
 */
export function parseMetadataLines(text: string): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const equals = line.indexOf("=");
    entries.push(equals === -1 ? [line.trim(), ""] : [line.slice(0, equals).trim(), line.slice(equals + 1).trim()]);
  }
  // fromEntries defines own properties, so a `__proto__` line stays a plain key for the schema to reject.
  return Object.fromEntries(entries);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Reads each text field once and every `keys` entry in order. A missing field or a file
 * upload becomes undefined so the schema reports it as missing; a blank justification or
 * username becomes undefined because they are optional. Key rows stay in order, blank ones
 * included, so a message about a row can point at that row.
 */
export function parseRequestForm(formData: FormData): RequestFormInput {
  const values: RequestFormInput = { keys: [] };

  for (const field of TEXT_FIELDS) {
    const value = formData.get(field);
    if (typeof value === "string") values[field] = value;
  }
  if (values.justification?.trim() === "") delete values.justification;
  if (values.username?.trim() === "") delete values.username;

  values.keys = formData.getAll("keys").filter((entry): entry is string => typeof entry === "string");
  values.useDataFrom = formData.get("useDataFrom") === "on";

  const keyPolicies = formData.get("keyPolicies");
  if (typeof keyPolicies === "string" && keyPolicies.trim() !== "") values.keyPolicies = parseJson(keyPolicies);

  for (const field of ["labels", "annotations"] as const) {
    const text = formData.get(field);
    if (typeof text === "string" && text.trim() !== "") values[field] = parseMetadataLines(text);
  }
  return values;
}

export function isRequestFormField(name: string): name is RequestFormField {
  return (REQUEST_FORM_FIELDS as readonly string[]).includes(name);
}
