import "server-only";

import { headers } from "next/headers";

import { PortalError } from "@/lib/errors";

import { allowedOriginsFor, crossSiteRejection } from "./csrf";
import { consumeRateLimit, rateLimitMessage, type RateLimitRule } from "./rate-limit";

/**
 * Throws FORBIDDEN when the server action's request came from another site. Next.js makes
 * the same Origin-against-Host check; this one also reads Sec-Fetch-Site and PORTAL_URL.
 */
export async function assertSameOriginAction(): Promise<void> {
  const requestHeaders = await headers();
  const protocol = requestHeaders.get("x-forwarded-proto") ?? new URL(process.env.PORTAL_URL ?? "http://localhost").protocol;
  const rejection = crossSiteRejection({
    method: "POST",
    pathname: "(server action)",
    headers: requestHeaders,
    allowedOrigins: allowedOriginsFor(requestHeaders, protocol, process.env.PORTAL_URL ?? process.env.NEXTAUTH_URL),
  });
  if (rejection) throw new PortalError("FORBIDDEN", rejection);
}

/** Counts one action by `subject` and throws RATE_LIMITED with the wait in words past the limit. */
export function enforceRateLimit(rule: RateLimitRule, subject: string, actionsPlural: string): void {
  const result = consumeRateLimit(rule, subject);
  if (!result.allowed) throw new PortalError("RATE_LIMITED", rateLimitMessage(actionsPlural, rule, result.retryAfterSeconds));
}
