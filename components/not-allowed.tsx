import type { ReactElement } from "react";

/** Renders the page body for a signed-in user whose role does not include the page. */
export function NotAllowed({ message }: { message: string }): ReactElement {
  return (
    <div role="alert" className="max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h1 className="text-lg font-semibold text-amber-950">Not allowed (403)</h1>
      <p className="mt-2 text-sm text-amber-950">{message}</p>
    </div>
  );
}
