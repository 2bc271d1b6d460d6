// The sandbox's sign-in cookies belong to the host in NEXTAUTH_URL (localhost), while
// Next.js prints the address it listens on (127.0.0.1). A browser on the other loopback
// name would sign in and land signed out, so such a navigation goes to the configured host.
// It goes there through a page, not a 307: Next.js names every loopback host "localhost" in
// request.nextUrl and turns a redirect to the same origin into a relative one, which loops.

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Returns the URL to redirect a page GET or HEAD to when it reaches the portal under another
 * loopback name than the configured one, or null. API paths, such as health probes, and
 * other hosts are never redirected.
 */
export function loopbackRedirect(method: string, requestUrl: URL, hostHeader: string | null, configuredUrl: string | undefined): URL | null {
  if ((method !== "GET" && method !== "HEAD") || !hostHeader || !configuredUrl) return null;
  if (requestUrl.pathname.startsWith("/api/")) return null;

  let configured: URL;
  let arrived: URL;
  try {
    configured = new URL(configuredUrl);
    arrived = new URL(`${configured.protocol}//${hostHeader}`);
  } catch {
    return null;
  }
  if (arrived.host === configured.host || arrived.port !== configured.port) return null;
  if (!LOOPBACK_NAMES.has(arrived.hostname) || !LOOPBACK_NAMES.has(configured.hostname)) return null;

  return new URL(`${requestUrl.pathname}${requestUrl.search}`, configured.origin);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Renders the page that sends the browser on to the configured host, with a link for the reader. */
export function loopbackRedirectPage(target: URL): string {
  const href = escapeHtml(target.href);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    "<title>Secrets Portal moved to its configured address</title></head>",
    `<body><p>Sign-in works only at the portal's configured address. Continue at <a href="${href}">${href}</a>.</p></body></html>`,
  ].join("\n");
}
