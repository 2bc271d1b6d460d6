import "server-only";

import type { DatabaseClient } from "@/lib/db";

export interface AuditOrigin {
  ipAddress?: string | null;
  userAgent?: string | null;
}

export interface AuditEventInput {
  requestId?: string | null;
  /** A portal login, `github:<login>` for what webhooks report, or `system` for jobs. */
  actor: string;
  action: string;
  /** Ids, names and states only; a secret value must never be passed here. */
  detail?: Record<string, unknown>;
  origin?: AuditOrigin;
}

export async function recordAuditEvent(db: DatabaseClient, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      requestId: event.requestId ?? null,
      actor: event.actor,
      action: event.action,
      detail: (event.detail ?? {}) as object,
      ipAddress: event.origin?.ipAddress ?? null,
      userAgent: event.origin?.userAgent?.slice(0, 500) ?? null,
    },
  });
}
