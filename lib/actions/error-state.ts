import "server-only";

import { describeError } from "@/lib/errors";

import type { ActionFormState } from "./form-state";

/**
 * Turns an error thrown by a domain function into form state. Field messages go next to
 * their fields; the general message is shown only when no field message explains the error.
 * Unknown errors are logged by describeError and shown as a generic message with a reference.
 */
export function toActionFormState(error: unknown, context: Record<string, unknown>): ActionFormState {
  const { body } = describeError(error, context);
  const fieldErrors = body.error.fieldErrors ?? {};
  const formError = Object.keys(fieldErrors).length > 0 ? null : body.error.message;
  return { fieldErrors, formError };
}
