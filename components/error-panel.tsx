"use client";

import type { ReactElement } from "react";

interface ErrorPanelProps {
  error: unknown;
  /** Fetches and renders the failed segment again. */
  retry: () => void;
}

/**
 * Renders the message for an unexpected server error on a page. Next.js replaces the error text
 * with a digest in production, so the digest is what the platform team looks up in the logs.
 */
export function ErrorPanel({ error, retry }: ErrorPanelProps): ReactElement {
  const digest = errorDigest(error);

  return (
    <div role="alert" className="max-w-xl rounded-lg border border-red-300 bg-red-50 p-5 text-red-950">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm">
        Something went wrong on the server. Try again; if it keeps failing, quote
        {digest ? <> reference <code className="font-mono">{digest}</code></> : " the time of the failure"} to the
        platform team.
      </p>
      <button
        type="button"
        onClick={retry}
        className="mt-4 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-red-100"
      >
        Try again
      </button>
    </div>
  );
}

function errorDigest(error: unknown): string | null {
  if (!(error instanceof Error) || !("digest" in error)) return null;
  return typeof error.digest === "string" ? error.digest : null;
}
