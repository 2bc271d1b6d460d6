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
  "keys",
  "refreshInterval",
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
  "refreshInterval",
] as const satisfies readonly RequestFormField[];

/** The form's raw values: text not yet trimmed or checked, which newRequestSchema then parses. */
export type RequestFormInput = { [Field in (typeof TEXT_FIELDS)[number]]?: string } & { keys: string[] };

/**
 * Reads each text field once and every `keys` entry in order. A missing field or a file
 * upload becomes undefined so the schema reports it as missing; a blank justification
 * becomes undefined because it is optional. Key rows stay in order, blank ones included,
 * so a message about a row can point at that row.
 */
export function parseRequestForm(formData: FormData): RequestFormInput {
  const values: RequestFormInput = { keys: [] };

  for (const field of TEXT_FIELDS) {
    const value = formData.get(field);
    if (typeof value === "string") values[field] = value;
  }
  if (values.justification?.trim() === "") delete values.justification;

  values.keys = formData.getAll("keys").filter((entry): entry is string => typeof entry === "string");
  return values;
}

export function isRequestFormField(name: string): name is RequestFormField {
  return (REQUEST_FORM_FIELDS as readonly string[]).includes(name);
}
