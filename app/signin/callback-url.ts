// Return paths after sign-in. Only same-site paths are accepted, so a crafted link
// cannot use the sign-in page to send someone to another site.

const DEFAULT_CALLBACK_URL = "/requests";

/** Returns `value` when it is a path on this site (such as `/requests/new`), otherwise `/requests`. */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return DEFAULT_CALLBACK_URL;

  // "//host" and "/\host" are protocol-relative URLs that browsers resolve to another host.
  if (value.startsWith("//") || value.startsWith("/\\")) return DEFAULT_CALLBACK_URL;
  if (/[\u0000-\u001f]/.test(value)) return DEFAULT_CALLBACK_URL;
  return value;
}

/** Builds the sign-in page path that returns to `returnTo` afterwards. */
export function signInPath(returnTo: string): string {
  return `/signin?${new URLSearchParams({ callbackUrl: safeCallbackUrl(returnTo) }).toString()}`;
}

const SIGN_IN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Sign-in failed: that persona is not configured. Pick one of the personas below.",
  SessionRequired: "Sign in to continue.",
};

/** Describes a next-auth `error` query value in words, or returns null when there is none. */
export function describeSignInError(code: unknown): string | null {
  if (typeof code !== "string" || code.length === 0) return null;
  return SIGN_IN_ERRORS[code] ?? `Sign-in failed (${code}). Try again, or ask the platform team if it keeps failing.`;
}
