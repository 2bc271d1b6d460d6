"use client";

import { useActionState, useState, type ReactElement } from "react";

import { rotateSecretAction, type RotateFormState } from "@/lib/actions/requests/rotate-secret";

import { formatUtc } from "./date-time";

const INITIAL_STATE: RotateFormState = { fieldErrors: {}, formError: null, rotation: null };

interface RotateSecretFormProps {
  requestId: string;
  /** Label of the secret for the button, such as its provider name. */
  secretLabel: string;
  refreshInterval: string;
  compact?: boolean;
}

/**
 * Rotates a generated secret after a second click, because pods get the new value at the
 * next refresh, and shows by when External Secrets Operator copies it.
 */
export function RotateSecretForm({ requestId, secretLabel, refreshInterval, compact = false }: RotateSecretFormProps): ReactElement {
  const [state, formAction, pending] = useActionState(rotateSecretAction, INITIAL_STATE);
  const [confirming, setConfirming] = useState(false);
  const idleLabel = compact ? "Rotate" : "Rotate now";
  const buttonClass =
    "rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium text-neutral-900 hover:bg-neutral-100 disabled:cursor-wait disabled:opacity-70";

  return (
    <form action={formAction} onSubmit={() => setConfirming(false)} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      {confirming || pending ? (
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-neutral-800">Replace the value of {secretLabel} with a new one?</span>
          <button type="submit" disabled={pending} className={buttonClass}>
            {pending ? "Rotating…" : "Yes, rotate"}
          </button>
          <button type="button" disabled={pending} onClick={() => setConfirming(false)} className="text-sm font-medium text-neutral-700 underline">
            Keep the current value
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} aria-label={compact ? `Rotate ${secretLabel}` : undefined} className={buttonClass}>
          {idleLabel}
        </button>
      )}
      <div role="status" className="text-sm text-neutral-700">
        {state.rotation ? (
          <p>
            New version <code className="font-mono">{state.rotation.versionId}</code> is current in Secrets Manager.
            {state.rotation.nextRefreshBy
              ? ` External Secrets Operator copies it into the Kubernetes Secret by ${formatUtc(new Date(state.rotation.nextRefreshBy))} at the latest (one refresh interval, ${refreshInterval}).`
              : ` External Secrets Operator copies it into the Kubernetes Secret at its next refresh (every ${refreshInterval}).`}{" "}
            Pods that read the Secret as environment variables see it after they restart; files mounted from it update at the kubelet's next sync, except with subPath.
          </p>
        ) : null}
      </div>
      {state.formError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}
