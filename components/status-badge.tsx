import type { ReactElement } from "react";

import type { RequestStatus } from "@/lib/db/enums";

import { statusLabel, statusTone, type StatusTone } from "./request-status-text";

const TONE_CLASSES: Record<StatusTone, string> = {
  neutral: "border-neutral-300 bg-neutral-100 text-neutral-800",
  progress: "border-blue-300 bg-blue-50 text-blue-900",
  waiting: "border-amber-300 bg-amber-50 text-amber-900",
  success: "border-green-300 bg-green-50 text-green-900",
  failure: "border-red-300 bg-red-50 text-red-900",
};

// A symbol next to the words, so the tone does not rely on colour alone.
const TONE_SYMBOLS: Record<StatusTone, string> = {
  neutral: "○",
  progress: "◔",
  waiting: "◷",
  success: "✓",
  failure: "✕",
};

export function StatusBadge({ status }: { status: RequestStatus }): ReactElement {
  const tone = statusTone(status);
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${TONE_CLASSES[tone]}`}
    >
      <span aria-hidden="true">{TONE_SYMBOLS[tone]}</span>
      {statusLabel(status)}
    </span>
  );
}
