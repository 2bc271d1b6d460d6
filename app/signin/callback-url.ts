import { describeMembershipProblem, isMembershipProblem } from "@/lib/auth/membership-problems";

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
  AccessDenied: "Sign-in was refused. Ask the platform team whether your account may use the portal.",
};

export interface SignInErrorContext {
  /** GitHub organization named in messages about membership. */
  org?: string;
  /** The `retryAfter` query value that comes with a RateLimited error, in seconds. */
  retryAfter?: unknown;
}

/** Describes a next-auth `error` query value in words, or returns null when there is none. */
export function describeSignInError(code: unknown, context: SignInErrorContext = {}): string | null {
  if (typeof code !== "string" || code.length === 0) return null;
  if (isMembershipProblem(code)) return describeMembershipProblem(code, context.org);
  if (code === "RateLimited") {
    const seconds = typeof context.retryAfter === "string" && /^[0-9]+$/.test(context.retryAfter) ? Number(context.retryAfter) : null;
    const wait = seconds === null ? "a minute" : `${seconds} second${seconds === 1 ? "" : "s"}`;
    return `Too many sign-in attempts from your address (429). Try again in ${wait}.`;
  }
  return SIGN_IN_ERRORS[code] ?? `Sign-in failed (${code}). Try again, or ask the platform team if it keeps failing.`;
}
