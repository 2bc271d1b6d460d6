"use client";

import { useActionState, type ReactElement } from "react";

import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import { retryRequestAction } from "@/lib/actions/requests/retry-request";

interface RetryFormProps {
  requestId: string;
  /** Name of the retried step, such as "opening the pull request". */
  step: string;
}

export function RetryForm({ requestId, step }: RetryFormProps): ReactElement {
  const [state, formAction, pending] = useActionState(retryRequestAction, INITIAL_FORM_STATE);

  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="requestId" value={requestId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Retrying…" : `Retry ${step}`}
      </button>
      <p role="status" className="text-sm text-neutral-600">
        {pending ? `Retrying ${step}…` : ""}
      </p>
      {state.formError ? (
        <p role="alert" className="w-full rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}
