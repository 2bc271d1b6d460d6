"use client";

import { useActionState, useState, type ReactElement } from "react";

import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import { cancelRequestAction } from "@/lib/actions/requests/cancel-request";

/** Cancels the request after a second click, because cancelling closes the pull request for good. */
export function CancelRequestForm({ requestId }: { requestId: string }): ReactElement {
  const [state, formAction, pending] = useActionState(cancelRequestAction, INITIAL_FORM_STATE);
  const [confirming, setConfirming] = useState(false);

  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="requestId" value={requestId} />
      {confirming ? (
        <>
          <span className="text-sm text-neutral-800">Close the pull request, delete its branch and free the name?</span>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-600 disabled:cursor-wait disabled:opacity-70"
          >
            {pending ? "Cancelling…" : "Yes, cancel the request"}
          </button>
          <button type="button" disabled={pending} onClick={() => setConfirming(false)} className="text-sm font-medium text-neutral-700 underline">
            Keep it
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded-md border border-neutral-300 bg-white px-4 py-2 text-sm font-medium text-neutral-900 hover:bg-neutral-100"
        >
          Cancel request
        </button>
      )}
      {state.formError ? (
        <p role="alert" className="w-full rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}
