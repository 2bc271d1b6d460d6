// Response headers every portal response carries. Pure functions so proxy.ts and the tests
// build the same values; proxy.ts supplies the nonce and the mode.

export interface SecurityHeaderOptions {
  /** Per-request random value that marks the scripts and styles Next.js renders. */
  nonce: string;
  /** `next dev`: React Refresh and React's error overlay need eval. */
  development: boolean;
  /** PORTAL_MODE=production, where the portal is served over HTTPS only. */
  production: boolean;
}

/** Builds a Content-Security-Policy that lets only this origin and nonce-marked inline code run. */
export function buildContentSecurityPolicy({ nonce, development, production }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce-marked bootstrap script load the page's chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // `next dev` injects its dev-tools overlay styles without the nonce; a nonce would
    // disable 'unsafe-inline', so development uses 'unsafe-inline' alone.
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (production) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Returns every security header with its value; HSTS only in production. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildContentSecurityPolicy(options),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** Makes a nonce of 128 random bits in base64, as CSP nonces should be. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
