import { Fragment, type ReactElement, type ReactNode } from "react";

// Building blocks for accessible form fields: a label, an optional hint and a live
// region for messages, tied to the control with aria-describedby.

export interface FieldIds {
  control: string;
  hint: string;
  error: string;
}

export function fieldIds(formId: string, name: string): FieldIds {
  return { control: `${formId}-${name}`, hint: `${formId}-${name}-hint`, error: `${formId}-${name}-error` };
}

/** Joins the ids a control should be described by, skipping the ones that are not shown. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  return present.length > 0 ? present.join(" ") : undefined;
}

/** Renders `text` with each `backticked` part as code, the way validation messages quote values. */
export function MessageText({ text }: { text: string }): ReactElement {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-red-100 px-1 font-mono text-[0.9em]">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * Renders the live region for one field's messages. It is always rendered, even when empty, so
 * screen readers announce a message the moment it appears.
 */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] }): ReactElement {
  return (
    <div id={id} aria-live="polite">
      {messages.map((message) => (
        <p key={message} className="mt-1 flex gap-1 text-sm text-red-800">
          <span aria-hidden="true">✕</span>
          <span>
            <MessageText text={message} />
          </span>
        </p>
      ))}
    </div>
  );
}

interface FieldHintProps {
  id: string;
  children: ReactNode;
}

export function FieldHint({ id, children }: FieldHintProps): ReactElement {
  return (
    <p id={id} className="mt-1 text-sm text-neutral-600">
      {children}
    </p>
  );
}

export const inputClass =
  "mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-neutral-400 disabled:bg-neutral-100";

/** Border colours for a control; the red border only accompanies a written message. */
export function controlBorder(invalid: boolean): string {
  return invalid ? "border-red-600" : "border-neutral-300";
}
