import "server-only";

import { z } from "zod";

import type { AuthConfig } from "@/lib/config/schema";

import type { MembershipAnswer } from "./membership-refresh";
import { readOidcMembership } from "./oidc-groups";

const discoverySchema = z.object({ userinfo_endpoint: z.url() });
const TIMEOUT_MS = 5_000;

/**
 * Re-reads the user's groups from the issuer's userinfo endpoint with the access token kept
 * at sign-in. An expired or revoked access token ends the session.
 * NOTE: a provider that puts groups only in the ID token, not in userinfo, ends every session
 * at the first refresh. Configure the groups claim for userinfo as well.
 */
export async function readOidcUserinfoMembership(oidc: NonNullable<AuthConfig["oidc"]>, accessToken: string): Promise<MembershipAnswer> {
  const discoveryUrl = `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const discovery = await fetch(discoveryUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!discovery.ok) throw new Error(`GET ${discoveryUrl} returned ${discovery.status}`);
  const { userinfo_endpoint: userinfoUrl } = discoverySchema.parse(await discovery.json());

  const response = await fetch(userinfoUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status === 401 || response.status === 403) return { kind: "revoked", reason: `userinfo returned ${response.status}` };
  if (!response.ok) throw new Error(`GET ${userinfoUrl} returned ${response.status}`);

  const membership = readOidcMembership((await response.json()) as Record<string, unknown>, oidc.groupsClaim);
  if (membership.kind === "problem") return { kind: "revoked", reason: membership.problem };
  return { kind: "teams", teams: membership.groups };
}
