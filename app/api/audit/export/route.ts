// Downloads the audit trail as CSV or JSON, for the platform and security teams.
import { z } from "zod";

import { readRequestOrigin } from "@/lib/actions/request-origin";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { requireActor } from "@/lib/auth/session";
import { errorResponse, PortalError } from "@/lib/errors";
import { getServices } from "@/lib/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({
  format: z.enum(["csv", "json"], { error: "format must be csv or json" }).default("csv"),
  since: z.iso.date({ error: "since must be a date such as 2026-01-31" }).optional(),
  until: z.iso.date({ error: "until must be a date such as 2026-01-31" }).optional(),
  requestId: z.uuid({ error: "requestId must be a request id (UUID)" }).optional(),
});

export async function GET(request: Request): Promise<Response> {
  try {
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new PortalError("VALIDATION", parsed.error.issues.map((issue) => issue.message).join("; "));

    const actor = await requireActor();
    const { format, since, until, requestId } = parsed.data;
    const result = await exportAuditEvents(
      getServices(),
      actor,
      format,
      {
        since: since ? new Date(`${since}T00:00:00Z`) : undefined,
        // The until date is inclusive: events up to the end of that day.
        until: until ? new Date(Date.parse(`${until}T00:00:00Z`) + 86_400_000) : undefined,
        requestId,
      },
      await readRequestOrigin(),
    );

    return new Response(result.body, {
      headers: {
        "content-type": result.contentType,
        "content-disposition": `attachment; filename="${result.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error, { route: "audit/export" });
  }
}
