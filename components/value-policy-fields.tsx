"use client";

import type { ReactElement } from "react";

import { describeValuePolicy, VALUE_LENGTH_MAX, type ValuePolicy } from "@/lib/requests/value-policy";

import { describedBy, FieldHint, FieldMessages, inputClass, type FieldIds } from "./form-field";

interface ValuePolicyFieldsProps {
  ids: FieldIds;
  /** Keys whose values the portal generates, in form order. */
  keys: readonly string[];
  policies: Readonly<Record<string, ValuePolicy>>;
  defaultPolicy: ValuePolicy;
  minLength: number;
  messages: readonly string[];
  onChange: (key: string, policy: ValuePolicy) => void;
}

const CLASS_OPTIONS: Array<[keyof Pick<ValuePolicy, "lowercase" | "uppercase" | "digits" | "symbols">, string]> = [
  ["lowercase", "a-z"],
  ["uppercase", "A-Z"],
  ["digits", "0-9"],
  ["symbols", "Symbols"],
];

/**
 * Renders one value policy per generated key: length, character classes, characters to
 * exclude, and whether `%`, `@`, `/` and `:` may appear. The policies travel as one JSON
 * field, `keyPolicies`, which the shared schema checks.
 */
export function ValuePolicyFields({ ids, keys, policies, defaultPolicy, minLength, messages, onChange }: ValuePolicyFieldsProps): ReactElement {
  const serialized = JSON.stringify(Object.fromEntries(keys.map((key) => [key, policies[key] ?? defaultPolicy])));

  return (
    <fieldset aria-describedby={describedBy(ids.hint, messages.length > 0 && ids.error)} className="rounded-md border border-neutral-200 p-4">
      <legend className="px-1 text-sm font-medium">Value policy per generated key</legend>
      <input type="hidden" name="keyPolicies" value={serialized} />
      {keys.length === 0 ? <p className="text-sm text-neutral-600">No key is generated for this type.</p> : null}
      <div className="space-y-4">
        {keys.map((key, index) => {
          const policy = policies[key] ?? defaultPolicy;
          const prefix = `${ids.control}-${index}`;
          return (
            <div key={key} className="space-y-2" data-testid={`policy-${key}`}>
              <p className="font-mono text-sm">{key}</p>
              <div className="flex flex-wrap items-end gap-4">
                <div>
                  <label htmlFor={`${prefix}-length`} className="block text-xs text-neutral-600">
                    Length
                  </label>
                  <input
                    id={index === 0 ? ids.control : `${prefix}-length`}
                    type="number"
                    min={minLength}
                    max={VALUE_LENGTH_MAX}
                    value={policy.length}
                    onChange={(event) => onChange(key, { ...policy, length: Number(event.target.value) })}
                    className={`${inputClass} w-24 border-neutral-300`}
                    aria-label={`Length of ${key}`}
                  />
                </div>
                {CLASS_OPTIONS.map(([field, label]) => (
                  <label key={field} className="flex items-center gap-1 text-sm">
                    <input type="checkbox" checked={policy[field]} onChange={(event) => onChange(key, { ...policy, [field]: event.target.checked })} />
                    {label}
                  </label>
                ))}
                <div>
                  <label htmlFor={`${prefix}-exclude`} className="block text-xs text-neutral-600">
                    Characters to exclude
                  </label>
                  <input
                    id={`${prefix}-exclude`}
                    type="text"
                    spellCheck={false}
                    autoComplete="off"
                    value={policy.excludeCharacters}
                    onChange={(event) => onChange(key, { ...policy, excludeCharacters: event.target.value })}
                    className={`${inputClass} w-32 border-neutral-300 font-mono`}
                  />
                </div>
                <label className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={policy.allowUrlReserved}
                    onChange={(event) => onChange(key, { ...policy, allowUrlReserved: event.target.checked })}
                  />
                  Allow <code>% @ / :</code>
                </label>
              </div>
              <p className="text-xs text-neutral-600">{describeValuePolicy(policy)}</p>
            </div>
          );
        })}
      </div>
      <FieldHint id={ids.hint}>
        At least {minLength} characters. Symbols leave out <code>%</code>, <code>@</code>, <code>/</code> and <code>:</code> unless
        allowed, so the value can sit in a connection URL. The policy is stored with the request; the value never is.
      </FieldHint>
      <FieldMessages id={ids.error} messages={messages} />
    </fieldset>
  );
}
