"use client";

import { useEffect, useRef, useState, type ReactElement } from "react";

import { KEYS_MAX } from "@/lib/requests/request-schema";

import { controlBorder, describedBy, FieldHint, FieldMessages, inputClass, type FieldIds } from "./form-field";

export interface KeyRow {
  /** Stable identity for React and for focus; not submitted. */
  id: number;
  value: string;
}

interface KeyListFieldProps {
  ids: FieldIds;
  rows: readonly KeyRow[];
  messages: readonly string[];
  invalidRows: readonly number[];
  onRowsChange: (rows: KeyRow[]) => void;
  /** Called when focus leaves a key input, for validation on blur. */
  onRowBlur: () => void;
}

/** Renders the key names of the secret: one text input per key, with buttons to add and remove rows. */
export function KeyListField({ ids, rows, messages, invalidRows, onRowsChange, onRowBlur }: KeyListFieldProps): ReactElement {
  const nextId = useRef(Math.max(0, ...rows.map((row) => row.id)) + 1);
  const addButton = useRef<HTMLButtonElement>(null);
  const [focusTarget, setFocusTarget] = useState<number | "add" | null>(null);

  // Focus moves to the new row after adding, and to a neighbour after removing, so a
  // keyboard user is never left on a button that disappeared.
  useEffect(() => {
    if (focusTarget === null) return;
    if (focusTarget === "add") addButton.current?.focus();
    else document.getElementById(rowInputId(ids, focusTarget))?.focus();
    setFocusTarget(null);
  }, [focusTarget, ids]);

  const hasListError = messages.length > 0;

  function addRow(): void {
    const row = { id: nextId.current++, value: "" };
    onRowsChange([...rows, row]);
    setFocusTarget(row.id);
  }

  function removeRow(index: number): void {
    const remaining = rows.filter((_, rowIndex) => rowIndex !== index);
    onRowsChange(remaining);
    const neighbour = remaining[index] ?? remaining[index - 1];
    setFocusTarget(neighbour ? neighbour.id : "add");
  }

  return (
    <fieldset aria-describedby={describedBy(ids.hint, hasListError && ids.error)}>
      <legend className="text-sm font-medium text-neutral-900">
        Keys <span className="font-normal text-neutral-500">(at least one)</span>
      </legend>
      <FieldHint id={ids.hint}>
        Names of the entries in the Kubernetes Secret, such as <code>username</code> or <code>password</code>. Only names: the
        portal generates the values and never shows them.
      </FieldHint>

      <ol className="mt-2 space-y-2">
        {rows.map((row, index) => {
          const invalid = invalidRows.includes(index) || (hasListError && invalidRows.length === 0);
          const inputId = rowInputId(ids, row.id);
          return (
            <li key={row.id} className="flex items-center gap-2">
              <label htmlFor={inputId} className="w-14 shrink-0 text-sm text-neutral-600">
                Key {index + 1}
              </label>
              <input
                id={inputId}
                name="keys"
                type="text"
                autoComplete="off"
                spellCheck={false}
                required
                value={row.value}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy(invalid && ids.error)}
                onChange={(event) => {
                  onRowsChange(rows.map((candidate) => (candidate.id === row.id ? { ...candidate, value: event.target.value } : candidate)));
                }}
                onBlur={onRowBlur}
                className={`${inputClass} mt-0 font-mono ${controlBorder(invalid)}`}
              />
              <button
                type="button"
                onClick={() => removeRow(index)}
                disabled={rows.length === 1}
                className="shrink-0 rounded-md border border-neutral-300 bg-white px-3 py-2 text-sm text-neutral-800 hover:bg-neutral-100 disabled:cursor-not-allowed disabled:opacity-50"
              >
                Remove<span className="sr-only"> key {index + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>

      <button
        ref={addButton}
        type="button"
        onClick={addRow}
        disabled={rows.length >= KEYS_MAX}
        className="mt-2 rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium text-neutral-800 hover:bg-neutral-100 disabled:cursor-not-allowed disabled:opacity-50"
      >
        Add key
      </button>
      {rows.length >= KEYS_MAX ? (
        <p className="mt-1 text-sm text-neutral-600">A secret holds at most {KEYS_MAX} keys; request another secret for more.</p>
      ) : null}
      <FieldMessages id={ids.error} messages={messages} />
    </fieldset>
  );
}

/** Returns the id of the input for the key row with `rowId`. */
export function rowInputId(ids: FieldIds, rowId: number): string {
  return `${ids.control}-${rowId}`;
}
