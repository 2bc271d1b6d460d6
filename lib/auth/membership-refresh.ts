import "server-only";

import type { PortalConfig } from "@/lib/config/schema";
import { logger } from "@/lib/log";

import { configuredTeams } from "./configured-teams";
import { readGitHubMembership } from "./github-membership";
import { readOidcUserinfoMembership } from "./oidc-userinfo";

const log = logger.child({ component: "auth" });

export type SignInProvider = "sandbox" | "github" | "oidc";

/** The part of the session token that membership refresh reads and writes. */
export interface MembershipToken {
  userId?: string;
  login?: string;
  provider?: SignInProvider;
  /** The provider's OAuth access token, kept in the encrypted session cookie to re-read membership. */
  providerToken?: string;
  teams?: string[];
  /** Milliseconds since the epoch of the last membership check. */
  membershipCheckedAt?: number;
  /** Set when the provider no longer vouches for the user; the session then counts as signed out. */
  revoked?: boolean;
}

export type MembershipAnswer = { kind: "teams"; teams: string[] } | { kind: "revoked"; reason: string };

export interface RefreshContext {
  config: PortalConfig;
  githubApiUrl: string;
  now: number;
  /** Reads current membership from the provider; replaceable in tests. */
  read?: (token: MembershipToken, config: PortalConfig, githubApiUrl: string) => Promise<MembershipAnswer>;
}

// The session cookie cannot be rewritten while a server component renders, so the result is
// also cached per process. Without the cache an overdue token would call the provider on every request.
const holder = globalThis as { __portalMembership?: Map<string, { answer: MembershipAnswer; checkedAt: number }> };

/**
 * Re-reads the user's teams (or groups) when the last check is older than
 * auth.membershipRefreshMinutes, so leaving a team takes effect without a new sign-in.
 * When the provider cannot be reached the previous teams stay until the next attempt.
 */
export async function refreshMembershipIfDue<Token extends MembershipToken>(token: Token, context: RefreshContext): Promise<Token> {
  if (token.revoked || !token.userId || !token.provider) return token;

  const intervalMs = context.config.auth.membershipRefreshMinutes * 60_000;
  if (token.membershipCheckedAt !== undefined && context.now - token.membershipCheckedAt < intervalMs) return token;

  const cache = (holder.__portalMembership ??= new Map());
  const key = `${token.provider}:${token.userId}`;
  const cached = cache.get(key);
  if (cached && context.now - cached.checkedAt < intervalMs) return apply(token, cached.answer, cached.checkedAt);

  const read = context.read ?? readCurrentMembership;
  let answer: MembershipAnswer;
  try {
    answer = await read(token, context.config, context.githubApiUrl);
  } catch (error) {
    log.warn({ err: error, login: token.login, provider: token.provider }, "membership refresh failed; keeping the previous teams");
    return token;
  }

  cache.set(key, { answer, checkedAt: context.now });
  if (answer.kind === "revoked") log.info({ login: token.login, provider: token.provider, reason: answer.reason }, "session ended by membership refresh");
  return apply(token, answer, context.now);
}

function apply<Token extends MembershipToken>(token: Token, answer: MembershipAnswer, checkedAt: number): Token {
  if (answer.kind === "revoked") return { ...token, revoked: true, teams: [], membershipCheckedAt: checkedAt };
  return { ...token, teams: answer.teams, membershipCheckedAt: checkedAt };
}

/** Clears the cached results; for tests. */
export function clearMembershipCache(): void {
  holder.__portalMembership?.clear();
}

async function readCurrentMembership(token: MembershipToken, config: PortalConfig, githubApiUrl: string): Promise<MembershipAnswer> {
  switch (token.provider) {
    case "sandbox": {
      const persona = config.sandbox.personas.find((candidate) => candidate.login === token.login);
      return persona ? { kind: "teams", teams: persona.teams } : { kind: "revoked", reason: "persona removed from the configuration" };
    }
    case "github": {
      if (!config.auth.github || !token.providerToken) return { kind: "revoked", reason: "GitHub sign-in is no longer configured" };
      const membership = await readGitHubMembership({
        apiUrl: githubApiUrl,
        accessToken: token.providerToken,
        org: config.auth.github.org,
        teamSlugs: configuredTeams(config),
      });
      if (membership.kind === "member") return { kind: "teams", teams: membership.teams };
      return { kind: "revoked", reason: membership.kind === "revoked" ? "GitHub rejected the token" : membership.problem };
    }
    case "oidc": {
      if (!config.auth.oidc || !token.providerToken) return { kind: "revoked", reason: "OIDC sign-in is no longer configured" };
      return readOidcUserinfoMembership(config.auth.oidc, token.providerToken);
    }
    default:
      return { kind: "revoked", reason: "unknown sign-in provider" };
  }
}
