"use client";

import type { ReactElement } from "react";

import type { RequestPreview } from "@/lib/requests/preview/preview-types";

interface RequestPreviewPanelProps {
  preview: RequestPreview | null;
  loading: boolean;
}

/** Renders the live preview: each file the pull request adds or changes, exactly as it will be committed. */
export function RequestPreviewPanel({ preview, loading }: RequestPreviewPanelProps): ReactElement {
  return (
    <section aria-labelledby="request-preview-heading" aria-busy={loading} className="mt-6">
      <h2 id="request-preview-heading" className="text-sm font-semibold uppercase tracking-wide text-neutral-600">
        Files in the pull request
      </h2>
      <p role="status" className="mt-1 text-xs text-neutral-500">
        {loading ? "Updating the preview…" : "The request id is assigned on submit; everything else is committed as shown."}
      </p>
      {preview && !preview.ok ? (
        <p data-testid="preview-message" className="mt-2 text-sm text-neutral-700">
          {preview.message}
        </p>
      ) : null}
      {preview?.ok
        ? preview.files.map((file) => (
            <figure key={file.path} className="mt-3" data-testid="preview-file" data-path={file.path}>
              <figcaption className="break-all text-xs text-neutral-600">
                {file.change === "modified" ? "Changes" : "Adds"} <span className="font-mono">{file.path}</span> ({file.kind})
              </figcaption>
              <pre className="mt-1 max-h-96 overflow-auto rounded-md bg-neutral-900 p-3 text-xs text-neutral-100" tabIndex={0}>
                <code>{file.content}</code>
              </pre>
            </figure>
          ))
        : null}
    </section>
  );
}
