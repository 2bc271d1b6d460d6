// The live preview's result, shared by the server action and the form. Browser-safe.

/** Request id the preview puts in annotations and comments; the real id is assigned on submit. */
export const PREVIEW_REQUEST_ID = "00000000-0000-4000-8000-000000000000";

export interface PreviewFile {
  path: string;
  kind: string;
  change: "added" | "modified";
  content: string;
}

export type RequestPreview =
  | { ok: true; providerName: string; files: PreviewFile[] }
  /** `message` says what to fix before files can be shown; `providerName` is set when it could be computed. */
  | { ok: false; message: string; providerName: string | null };
