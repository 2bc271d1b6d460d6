import "server-only";

import type { Actor } from "@/lib/auth/roles";
import { authorizePortalAction } from "@/lib/authz";
import type { Services } from "@/lib/services";

import { recordAuditEvent, type AuditOrigin } from "./record-event";

export type AuditExportFormat = "csv" | "json";

export interface AuditQuery {
  since?: Date;
  until?: Date;
  requestId?: string;
}

export interface AuditRow {
  createdAt: string;
  actor: string;
  action: string;
  requestId: string | null;
  environment: string | null;
  application: string | null;
  providerName: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  detail: unknown;
}

export interface AuditExport {
  body: string;
  contentType: string;
  filename: string;
  rows: number;
}

/** Rows one export may hold; a longer history is exported in date ranges. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const CSV_COLUMNS: Array<keyof AuditRow> = [
  "createdAt",
  "actor",
  "action",
  "requestId",
  "environment",
  "application",
  "providerName",
  "ipAddress",
  "userAgent",
  "detail",
];

/** Reads audit events with the request's names joined in, oldest first unless asked otherwise. */
export async function listAuditRows(
  services: Services,
  actor: Actor,
  query: AuditQuery,
  options: { limit: number; newestFirst?: boolean },
): Promise<AuditRow[]> {
  authorizePortalAction(actor, "read-audit");

  const direction = options.newestFirst ? "desc" : "asc";
  const events = await services.db.auditEvent.findMany({
    where: { createdAt: { gte: query.since, lt: query.until }, requestId: query.requestId },
    include: { request: { select: { environment: true, application: true, providerName: true } } },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: options.limit,
  });

  return events.map((event) => ({
    createdAt: event.createdAt.toISOString(),
    actor: event.actor,
    action: event.action,
    requestId: event.requestId,
    environment: event.request?.environment ?? null,
    application: event.request?.application ?? null,
    providerName: event.request?.providerName ?? null,
    ipAddress: event.ipAddress,
    userAgent: event.userAgent,
    detail: event.detail,
  }));
}

/**
 * Quotes a CSV field. A leading =, +, -, @, tab or carriage return gets a leading
 * apostrophe so that spreadsheet programs show the text instead of running it as a formula.
 */
export function csvField(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (typeof value === "string") text = value;
  else text = JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function toCsv(rows: AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Exports the audit trail for the platform and security teams and records who exported
 * what. Audit events contain ids, names and states only, so an export contains no secret value.
 */
export async function exportAuditEvents(
  services: Services,
  actor: Actor,
  format: AuditExportFormat,
  query: AuditQuery,
  origin: AuditOrigin = {},
): Promise<AuditExport> {
  authorizePortalAction(actor, "export");
  const rows = await listAuditRows(services, actor, query, { limit: AUDIT_EXPORT_MAX_ROWS });

  await recordAuditEvent(services.db, {
    requestId: query.requestId ?? null,
    actor: actor.login,
    action: "audit.exported",
    detail: { format, rows: rows.length, since: query.since?.toISOString() ?? null, until: query.until?.toISOString() ?? null },
    origin,
  });

  const stamp = new Date().toISOString().slice(0, 10);
  if (format === "json") {
    return { body: `${JSON.stringify(rows, null, 2)}\n`, contentType: "application/json", filename: `audit-${stamp}.json`, rows: rows.length };
  }
  return { body: toCsv(rows), contentType: "text/csv; charset=utf-8", filename: `audit-${stamp}.csv`, rows: rows.length };
}
