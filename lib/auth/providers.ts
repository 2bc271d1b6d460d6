import "server-only";

import type { User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig, Provider } from "next-auth/providers/index";

import type { PortalConfig } from "@/lib/config/schema";
import type { PortalEnv } from "@/lib/env";
import { logger } from "@/lib/log";

import { configuredTeams } from "./configured-teams";
import { readGitHubMembership } from "./github-membership";
import type { MembershipProblem } from "./membership-problems";
import { readOidcMembership } from "./oidc-groups";

const log = logger.child({ component: "auth" });

/**
 * Builds the sandbox persona provider. Anybody who can reach the portal may pick a persona,
 * so buildProviders offers it only in sandbox mode, and production refuses to start with it.
 */
function sandboxPersonaProvider(config: PortalConfig): Provider {
  return CredentialsProvider({
    id: "sandbox",
    name: "Sandbox persona",
    credentials: { persona: { label: "Persona", type: "text" } },
    authorize(credentials) {
      const persona = config.sandbox.personas.find((candidate) => candidate.id === credentials?.persona);
      if (!persona) return null;
      const user: User = { id: persona.login, login: persona.login, name: persona.name, email: persona.email, teams: persona.teams, provider: "sandbox" };
      return user;
    },
  });
}

/** Result of the GitHub user lookup at sign-in: the user with their teams, or the problem. */
interface GitHubSignInProfile {
  login: string;
  name?: string;
  email?: string;
  teams: string[];
  membershipProblem?: MembershipProblem;
}

/**
 * GitHub OAuth with the read:org scope. The user endpoint is replaced by a membership lookup
 * with the user's token, so the profile already carries the active teams or the problem
 * that the signIn callback turns into a message.
 * NOTE: the OAuth endpoints are github.com's; GitHub Enterprise Server needs its own URLs here.
 */
function githubProvider(config: PortalConfig, env: PortalEnv): Provider {
  const org = config.auth.github?.org ?? "";

  const provider: OAuthConfig<GitHubSignInProfile> = {
    id: "github",
    name: "GitHub",
    type: "oauth",
    authorization: { url: "https://github.com/login/oauth/authorize", params: { scope: "read:user user:email read:org" } },
    token: "https://github.com/login/oauth/access_token",
    userinfo: {
      url: `${env.GITHUB_API_URL}/user`,
      async request({ tokens }): Promise<GitHubSignInProfile> {
        const membership = await readGitHubMembership({
          apiUrl: env.GITHUB_API_URL,
          accessToken: tokens.access_token ?? "",
          org,
          teamSlugs: configuredTeams(config),
        });
        if (membership.kind === "revoked") throw new Error("GitHub rejected the access token it has just issued");
        const { login } = membership.user;
        const name = membership.user.name ?? undefined;
        const email = membership.user.email ?? undefined;
        if (membership.kind === "problem") return { login, name, email, teams: [], membershipProblem: membership.problem };
        return { login, name, email, teams: membership.teams };
      },
    },
    clientId: env.GITHUB_OAUTH_CLIENT_ID ?? "",
    clientSecret: env.GITHUB_OAUTH_CLIENT_SECRET ?? "",
    profile: (profile) => ({
      id: profile.login,
      login: profile.login,
      name: profile.name ?? profile.login,
      email: profile.email ?? null,
      provider: "github",
      teams: profile.teams,
      membershipProblem: profile.membershipProblem,
    }),
  };
  return provider;
}

/** Any OpenID Connect issuer; roles come from the configured groups claim of the ID token. */
function oidcProvider(config: PortalConfig, env: PortalEnv): Provider | null {
  const oidc = config.auth.oidc;
  if (!oidc) return null;

  const provider: OAuthConfig<Record<string, unknown>> = {
    id: "oidc",
    name: oidc.displayName,
    type: "oauth",
    wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: env.OIDC_CLIENT_SECRET ?? "",
    authorization: { params: { scope: oidc.scope } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (claims) => userFromOidcClaims(claims, oidc.groupsClaim),
  };
  return provider;
}

/** Maps verified ID token claims to the portal's user, with the groups claim as teams. */
export function userFromOidcClaims(claims: Record<string, unknown>, groupsClaim: string): User {
  const membership = readOidcMembership(claims, groupsClaim);
  const { identity } = membership;
  return {
    id: identity.login,
    login: identity.login,
    name: identity.name,
    email: identity.email,
    provider: "oidc",
    teams: membership.kind === "member" ? membership.groups : [],
    membershipProblem: membership.kind === "problem" ? membership.problem : undefined,
  };
}

/** Builds the providers auth.providers enables, with sandbox personas only in sandbox mode. */
export function buildProviders(config: PortalConfig, env: PortalEnv): Provider[] {
  const providers: Provider[] = [];
  for (const name of config.auth.providers) {
    if (name === "sandbox") {
      if (env.PORTAL_MODE === "sandbox") providers.push(sandboxPersonaProvider(config));
      else log.error("auth.providers lists sandbox in production mode; the persona provider stays off");
    }
    if (name === "github") providers.push(githubProvider(config, env));
    if (name === "oidc") {
      const provider = oidcProvider(config, env);
      if (provider) providers.push(provider);
    }
  }
  return providers;
}
