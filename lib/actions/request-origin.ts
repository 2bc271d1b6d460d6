import "server-only";

import { headers } from "next/headers";

import type { AuditOrigin } from "@/lib/audit/record-event";

/** Reads the client's address and user agent from the current request, for audit events. */
export async function readRequestOrigin(): Promise<AuditOrigin> {
  return originFromHeaders(await headers());
}

// NOTE: the first X-Forwarded-For entry is whatever the client sent unless a trusted proxy
// in front of the portal overwrites the header; Next.js fills it with the socket address
// only when it is absent.
export function originFromHeaders(requestHeaders: Headers): AuditOrigin {
  const forwardedFor = requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ipAddress = forwardedFor || requestHeaders.get("x-real-ip")?.trim() || null;
  return { ipAddress, userAgent: requestHeaders.get("user-agent") };
}
