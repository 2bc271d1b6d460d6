import type { MembershipProblem } from "./membership-problems";

export interface OidcIdentity {
  subject: string;
  login: string;
  name: string;
  email: string | null;
}

export type OidcMembership =
  | { kind: "member"; identity: OidcIdentity; groups: string[] }
  | { kind: "problem"; identity: OidcIdentity; problem: MembershipProblem };

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Reads identity and groups from ID token (or userinfo) claims. The groups claim may be a
 * list or, as some providers send a single group, a string. A leading "/" (Keycloak's full
 * group path for a top-level group) is dropped; nested paths keep their parents, so
 * "/contractors/platform" never matches the "platform" team. A missing claim is a
 * problem; an empty list is a member of no group.
 */
export function readOidcMembership(claims: Record<string, unknown>, groupsClaim: string): OidcMembership {
  const subject = stringClaim(claims, "sub") ?? "";
  const email = stringClaim(claims, "email") ?? null;
  const login = stringClaim(claims, "preferred_username") ?? email ?? subject;
  const identity: OidcIdentity = { subject, login, name: stringClaim(claims, "name") ?? login, email };

  const raw = claims[groupsClaim];
  if (raw === undefined || raw === null) return { kind: "problem", identity, problem: "OidcGroupsClaimMissing" };

  const values = Array.isArray(raw) ? raw : [raw];
  const groups = values
    .filter((value): value is string => typeof value === "string")
    .map((group) => group.replace(/^\//, ""))
    .filter((group) => group.length > 0);
  return { kind: "member", identity, groups: [...new Set(groups)] };
}
