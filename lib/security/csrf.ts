// Cross-site request checks for state-changing route handlers. Server actions get the same
// check from Next.js, which compares Origin with Host; the GitHub webhook is exempt because
// its signature authenticates it.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths whose POSTs come from other sites by design and carry their own authentication. */
export const CSRF_EXEMPT_PATHS = ["/api/webhooks/github"];

export interface CrossSiteInput {
  method: string;
  pathname: string;
  headers: Headers;
  /** Origins the portal is served from, such as https://secrets.example.com. */
  allowedOrigins: readonly string[];
}

/**
 * Returns why a state-changing request looks cross-site, or null when it may proceed.
 * Browsers send Sec-Fetch-Site and Origin on every cross-site POST; a client that sends
 * neither (curl, a script) is no CSRF risk, because it has no victim's cookie.
 */
export function crossSiteRejection({ method, pathname, headers, allowedOrigins }: CrossSiteInput): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (CSRF_EXEMPT_PATHS.includes(pathname)) return null;

  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    return `Cross-site request refused: Sec-Fetch-Site is "${fetchSite}". Submit the form from the portal's own pages.`;
  }

  const origin = headers.get("origin");
  if (origin !== null && !allowedOrigins.includes(origin)) {
    return `Cross-site request refused: Origin ${origin} is not this portal. Submit the form from the portal's own pages.`;
  }
  return null;
}

/**
 * Lists the origins this request may come from: the configured public URL and the origin
 * the Host (or X-Forwarded-Host behind a proxy) header names.
 */
export function allowedOriginsFor(headers: Headers, requestProtocol: string, publicUrl: string | undefined): string[] {
  const origins = new Set<string>();
  if (publicUrl) origins.add(new URL(publicUrl).origin);

  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  const protocol = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || requestProtocol.replace(/:$/, "");
  if (host) origins.add(`${protocol}://${host}`);
  return [...origins];
}
