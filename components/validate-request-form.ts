import { parseRequestForm } from "@/lib/actions/requests/parse-request-form";
import { newRequestSchema, toFormErrors } from "@/lib/requests/request-schema";

export interface RequestFormValidation {
  ok: boolean;
  /** Messages per top-level field, as the server reports them. */
  fieldErrors: Record<string, string[]>;
  /** Messages that belong to no field. */
  formErrors: string[];
  /** Indexes of key rows that have a problem, so those inputs can be marked invalid. */
  invalidKeyRows: number[];
}

/** Validates the new-request form in the browser with the same parsing and schema the server uses. */
export function validateRequestForm(formData: FormData): RequestFormValidation {
  const result = newRequestSchema.safeParse(parseRequestForm(formData));
  if (result.success) return { ok: true, fieldErrors: {}, formErrors: [], invalidKeyRows: [] };

  const { fieldErrors, formErrors } = toFormErrors(result.error);
  const invalidKeyRows = new Set<number>();
  for (const issue of result.error.issues) {
    const [field, index] = issue.path;
    if (field === "keys" && typeof index === "number") invalidKeyRows.add(index);
  }
  return { ok: false, fieldErrors, formErrors, invalidKeyRows: [...invalidKeyRows].sort((a, b) => a - b) };
}
