// The audit trail of every request, read-only, for the platform and security teams.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { auditActionLabel, auditActorLabel } from "@/components/audit-event-text";
import { NotAllowed } from "@/components/not-allowed";
import { listAuditRows } from "@/lib/audit/export-audit-events";
import { getActor } from "@/lib/auth/session";
import { decidePortalAction } from "@/lib/authz";
import { getServices } from "@/lib/services";

export const metadata: Metadata = { title: "Audit trail" };

const SHOWN_EVENTS = 500;

export default async function AuditPage(): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/audit"));

  const decision = decidePortalAction(actor, "read-audit");
  if (!decision.allowed) return <NotAllowed message={decision.message} />;

  const since = new Date(Date.now() - 30 * 86_400_000);
  const rows = await listAuditRows(getServices(), actor, { since }, { limit: SHOWN_EVENTS, newestFirst: true });

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Audit trail</h1>
      <p className="mt-1 text-sm text-neutral-600">
        The last {SHOWN_EVENTS} events of the past 30 days, newest first. Events record who did what, when and from where;
        they never contain a secret value.
      </p>
      <p className="mt-3 text-sm">
        Export the whole trail:{" "}
        <a className="text-blue-700 underline" href="/api/audit/export?format=csv">
          CSV
        </a>{" "}
        ·{" "}
        <a className="text-blue-700 underline" href="/api/audit/export?format=json">
          JSON
        </a>{" "}
        (add <code>since</code> and <code>until</code> dates, for example <code>?since=2026-01-01&amp;until=2026-01-31</code>).
      </p>

      <table className="mt-6 w-full border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-neutral-300 text-neutral-600">
            <th scope="col" className="py-2 pr-4 font-medium">When (UTC)</th>
            <th scope="col" className="py-2 pr-4 font-medium">Who</th>
            <th scope="col" className="py-2 pr-4 font-medium">What</th>
            <th scope="col" className="py-2 pr-4 font-medium">Secret</th>
            <th scope="col" className="py-2 font-medium">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.createdAt}-${index}`} className="border-b border-neutral-100 align-top">
              <td className="py-2 pr-4 whitespace-nowrap">{row.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td className="py-2 pr-4">{auditActorLabel(row.actor)}</td>
              <td className="py-2 pr-4">{auditActionLabel(row.action)}</td>
              <td className="py-2 pr-4">
                {row.requestId ? (
                  <Link className="text-blue-700 underline" href={`/requests/${row.requestId}`}>
                    {row.providerName ?? row.requestId}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="py-2">{row.ipAddress ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="mt-4 text-sm text-neutral-600">No events in the past 30 days.</p> : null}
    </div>
  );
}
