"use client";

import { useEffect, useState, type ReactElement } from "react";

import { checkRequestPolicyAction } from "@/lib/actions/policy/check-request-policy";
import type { PolicyFinding, PolicyRequestFields } from "@/lib/policy";

// Waits for a pause in typing before asking the server, so each keystroke is not a request.
const CHECK_DELAY_MS = 400;

interface PolicyFindingsProps {
  /** The form's current values. */
  fields: PolicyRequestFields;
  /** Id of the live region, for aria-describedby on the submit button. */
  id?: string;
}

type CheckState = { status: "checking" } | { status: "done"; findings: PolicyFinding[] } | { status: "unavailable" };

/**
 * Shows the policy findings for the values being typed into the new-request form, from
 * the same checks the server applies when the form is submitted.
 */
export function PolicyFindings({ fields, id = "policy-findings" }: PolicyFindingsProps): ReactElement {
  const [state, setState] = useState<CheckState>({ status: "checking" });
  const { environment, application, secretName, justification, refreshInterval } = fields;

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      checkRequestPolicyAction({ environment, application, secretName, justification, refreshInterval })
        .then((findings) => {
          if (current) setState({ status: "done", findings });
        })
        .catch(() => {
          if (current) setState({ status: "unavailable" });
        });
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [environment, application, secretName, justification, refreshInterval]);

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-md border border-neutral-200 p-4">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Policy checks
      </h3>
      <div id={id} role="status" aria-live="polite" className="mt-2 text-sm">
        <PolicyFindingsBody state={state} />
      </div>
    </section>
  );
}

function PolicyFindingsBody({ state }: { state: CheckState }): ReactElement {
  if (state.status === "checking") return <p className="text-neutral-600">Checking the request against the policy…</p>;
  if (state.status === "unavailable") {
    return <p className="text-neutral-600">The policy could not be checked now; the server checks it again when you submit.</p>;
  }
  if (state.findings.length === 0) return <p className="text-green-800">The request passes every policy check so far.</p>;

  return (
    <ul className="space-y-2">
      {state.findings.map((finding) => (
        <li
          key={`${finding.ruleId}:${finding.field ?? ""}:${finding.message}`}
          className={finding.severity === "error" ? "text-red-900" : "text-amber-900"}
        >
          <span className="font-medium">{finding.severity === "error" ? "Blocks submission: " : "Warning: "}</span>
          {finding.message} {finding.fix}{" "}
          <code className="rounded bg-neutral-100 px-1 font-mono text-[0.85em] text-neutral-700">{finding.ruleId}</code>
        </li>
      ))}
    </ul>
  );
}
