"use client";

import { useActionState, type ReactElement } from "react";

import { setCustodianValueAction, type CustodianFormState } from "@/lib/actions/requests/set-custodian-value";
import type { CustodianField } from "@/lib/requests/set-custodian-value";

import { controlBorder, describedBy, FieldHint, fieldIds, FieldMessages, inputClass } from "./form-field";

const INITIAL_STATE: CustodianFormState = { fieldErrors: {}, formError: null, storedVersionId: null };

interface CustodianValueFormProps {
  requestId: string;
  fields: CustodianField[];
  /** "first" creates the secret; "replace" adds a new version to an existing one. */
  mode: "first" | "replace";
}

/**
 * Renders a write-only form: every input is uncontrolled and never pre-filled, so the value lives
 * only in the browser's form controls until the server action reads it. React resets the
 * controls after each submission, and the action's state carries messages only.
 */
export function CustodianValueForm({ requestId, fields, mode }: CustodianValueFormProps): ReactElement {
  const [state, formAction, pending] = useActionState(setCustodianValueAction, INITIAL_STATE);
  const formId = `custodian-${requestId.slice(0, 8)}`;
  const submitLabel = mode === "first" ? "Store value and create the secret" : "Store new value";
  let statusText = "";
  if (pending) statusText = "Sending the value to Secrets Manager…";
  else if (state.storedVersionId) statusText = `Stored as version ${state.storedVersionId}.`;

  return (
    <form action={formAction} autoComplete="off" className="space-y-4" aria-describedby={`${formId}-note`}>
      <input type="hidden" name="requestId" value={requestId} />
      <p id={`${formId}-note`} className="text-sm text-neutral-700">
        The value goes straight to AWS Secrets Manager. The portal does not store it, and nobody can read it back here.
      </p>

      {fields.map((field) => (
        <CustodianInput key={field.name} formId={formId} field={field} messages={state.fieldErrors[field.name] ?? []} />
      ))}

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700 disabled:cursor-wait disabled:opacity-70"
        >
          {pending ? "Storing…" : submitLabel}
        </button>
        <p role="status" className="text-sm text-neutral-700">
          {statusText}
        </p>
      </div>
      {state.formError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}

interface CustodianInputProps {
  formId: string;
  field: CustodianField;
  messages: readonly string[];
}

function CustodianInput({ formId, field, messages }: CustodianInputProps): ReactElement {
  const ids = fieldIds(formId, field.name.replace(/[^A-Za-z0-9_-]/g, "_"));
  const invalid = messages.length > 0;
  const common = {
    id: ids.control,
    name: field.name,
    required: true,
    spellCheck: false,
    autoCapitalize: "off",
    autoCorrect: "off",
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy(field.hint && ids.hint, ids.error),
    // Password managers must neither offer nor save these values.
    "data-1p-ignore": true,
    "data-lpignore": "true",
  } as const;

  return (
    <div>
      <label htmlFor={ids.control} className="block text-sm font-medium text-neutral-900">
        {field.label}
        {field.label === field.key ? null : <span className="font-mono text-xs text-neutral-500"> ({field.key})</span>}
      </label>
      {field.hint ? <FieldHint id={ids.hint}>{field.hint}</FieldHint> : null}
      {field.kind === "certificate" ? (
        <textarea {...common} rows={6} autoComplete="off" className={`${inputClass} ${controlBorder(invalid)} font-mono`} />
      ) : field.kind === "private-key" ? (
        // A textarea cannot be type="password"; the text-security property masks it the same way.
        // NOTE: a browser without -webkit-text-security shows the key while it is typed.
        <textarea {...common} rows={6} autoComplete="off" className={`${inputClass} ${controlBorder(invalid)} font-mono [-webkit-text-security:disc]`} />
      ) : (
        <input
          {...common}
          type={field.kind === "secret" ? "password" : "text"}
          autoComplete={field.kind === "secret" ? "new-password" : "off"}
          className={`${inputClass} ${controlBorder(invalid)} font-mono`}
        />
      )}
      <FieldMessages id={ids.error} messages={messages} />
    </div>
  );
}
