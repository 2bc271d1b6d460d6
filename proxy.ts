// Runs before every page, server action and route handler: adds the security headers with a
// fresh CSP nonce, refuses cross-site state-changing requests, and rate-limits sign-in.
// Authorization is not decided here; each page, action and route calls lib/authz.ts.
import { NextResponse, type NextRequest } from "next/server";

import { loopbackRedirect, loopbackRedirectPage } from "@/lib/security/canonical-host";
import { allowedOriginsFor, crossSiteRejection } from "@/lib/security/csrf";
import { createNonce, securityHeaders } from "@/lib/security/headers";
import { consumeRateLimit, rateLimitMessage, SIGN_IN_RATE_LIMIT } from "@/lib/security/rate-limit";

// next-auth's POST endpoints that check credentials or start an OAuth sign-in.
const SIGN_IN_PATH = /^\/api\/auth\/(callback|signin)\//;

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    nonce: createNonce(),
    development: process.env.NODE_ENV === "development",
    production: process.env.PORTAL_MODE === "production",
  });

  const canonical = loopbackRedirect(request.method, request.nextUrl, request.headers.get("host"), process.env.NEXTAUTH_URL);
  if (canonical) {
    const page = new NextResponse(loopbackRedirectPage(canonical), { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
    return withHeaders(page, headers);
  }

  const rejection = crossSiteRejection({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    allowedOrigins: allowedOriginsFor(request.headers, request.nextUrl.protocol, process.env.PORTAL_URL ?? process.env.NEXTAUTH_URL),
  });
  if (rejection) {
    return withHeaders(NextResponse.json({ error: { code: "FORBIDDEN", message: rejection } }, { status: 403 }), headers);
  }

  if (request.method === "POST" && SIGN_IN_PATH.test(request.nextUrl.pathname)) {
    const limited = signInRateLimit(request);
    if (limited) return withHeaders(limited, headers);
  }

  // Next.js reads the nonce from the request's Content-Security-Policy header and puts it on
  // the scripts and styles it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] as string);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

function signInRateLimit(request: NextRequest): NextResponse | null {
  const result = consumeRateLimit(SIGN_IN_RATE_LIMIT, clientAddress(request));
  if (result.allowed) return null;

  const message = rateLimitMessage("sign-in attempts", SIGN_IN_RATE_LIMIT, result.retryAfterSeconds);
  // next-auth's client navigates to `url`, so the browser lands on the sign-in page with the message.
  const url = new URL("/signin", request.nextUrl.origin);
  url.searchParams.set("error", "RateLimited");
  url.searchParams.set("retryAfter", String(result.retryAfterSeconds));
  return NextResponse.json(
    { url: url.toString(), error: { code: "RATE_LIMITED", message } },
    { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
  );
}

// NOTE: X-Forwarded-For is client-controlled unless the proxy in front of the portal
// overwrites it, so the limit per address holds only behind such a proxy.
function clientAddress(request: NextRequest): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip")?.trim() || "unknown";
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.svg).*)"],
};
