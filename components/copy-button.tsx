"use client";

import { useEffect, useState, type ReactElement } from "react";

type CopyStatus = "idle" | "copied" | "failed";

const STATUS_TEXT: Record<CopyStatus, string> = {
  idle: "",
  copied: "Copied",
  failed: "Copy failed; select the text and copy it",
};

interface CopyButtonProps {
  text: string;
  /** Name of the copied content, for the button's accessible name, such as "envFrom snippet". */
  label: string;
}

export function CopyButton({ text, label }: CopyButtonProps): ReactElement {
  const [status, setStatus] = useState<CopyStatus>("idle");

  useEffect(() => {
    if (status === "idle") return;
    const timer = setTimeout(() => setStatus("idle"), 2_500);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      // The Clipboard API needs a secure context (HTTPS or localhost) and the user's permission.
      setStatus("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded-md border border-neutral-300 bg-white px-2.5 py-1 text-xs font-medium text-neutral-800 hover:bg-neutral-100"
      >
        Copy<span className="sr-only"> {label}</span>
      </button>
      <span role="status" className="text-xs text-neutral-600">
        {STATUS_TEXT[status]}
      </span>
    </span>
  );
}
