import type { ReactElement } from "react";

/** Formats an instant as `2026-12-04 14:05 UTC`, the same on the server and in every browser. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function DateTime({ value }: { value: Date }): ReactElement {
  return (
    <time dateTime={value.toISOString()} title={value.toISOString()}>
      {formatUtc(value)}
    </time>
  );
}
