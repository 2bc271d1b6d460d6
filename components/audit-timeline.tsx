import type { ReactElement } from "react";

import type { AuditEvent } from "@/lib/db";

import { auditActionLabel, auditActorLabel, describeAuditDetail } from "./audit-event-text";
import { DateTime } from "./date-time";

export function AuditTimeline({ events }: { events: readonly AuditEvent[] }): ReactElement {
  if (events.length === 0) return <p className="text-sm text-neutral-600">No events recorded yet.</p>;

  return (
    <ol className="relative space-y-4 border-l border-neutral-300 pl-6">
      {events.map((event) => {
        const details = describeAuditDetail(event.detail);
        return (
          <li key={event.id} className="relative">
            <span aria-hidden="true" className="absolute -left-[1.95rem] top-1.5 size-3 rounded-full border-2 border-white bg-neutral-500" />
            <p className="text-sm">
              <span className="font-medium">{auditActionLabel(event.action)}</span>{" "}
              <span className="text-neutral-600">by {auditActorLabel(event.actor)}</span>
            </p>
            <p className="text-xs text-neutral-600">
              <DateTime value={event.createdAt} />
              {event.ipAddress ? <> · from {event.ipAddress}</> : null}
            </p>
            {details.length > 0 ? (
              <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
                {details.map((entry) => (
                  <div key={entry.label} className="contents">
                    <dt className="text-neutral-500">{entry.label}</dt>
                    <dd className="break-all font-mono text-neutral-800">{entry.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
