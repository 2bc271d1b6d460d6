// The state a server action returns to a form through useActionState. Safe to import in
// client components: it holds only messages meant for the person filling in the form.

export interface ActionFormState {
  /** Messages per form field name, shown next to that field. */
  fieldErrors: Record<string, string[]>;
  /** A message that belongs to no single field, shown as an alert above the submit button. */
  formError: string | null;
}

export const INITIAL_FORM_STATE: ActionFormState = { fieldErrors: {}, formError: null };
