import "server-only";

import type { NextAuthOptions } from "next-auth";

import { loadPortalConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db";
import { readPortalEnv } from "@/lib/env";
import { logger } from "@/lib/log";

import type { MembershipProblem } from "./membership-problems";
import { refreshMembershipIfDue, type SignInProvider } from "./membership-refresh";
import { buildProviders } from "./providers";
import { resolveActor, type Role } from "./roles";

const log = logger.child({ component: "auth" });

declare module "next-auth" {
  interface Session {
    user: { id: string; login: string; name: string; email?: string | null; teams: string[]; roles: Role[] };
  }
  interface User {
    login: string;
    teams: string[];
    provider: SignInProvider;
    /** Set when the provider vouched for the person but their membership cannot be used. */
    membershipProblem?: MembershipProblem;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    login?: string;
    teams?: string[];
    roles?: Role[];
    provider?: SignInProvider;
    providerToken?: string;
    membershipCheckedAt?: number;
    revoked?: boolean;
  }
}

async function upsertUser(login: string, name: string, email: string | null): Promise<string> {
  const user = await getDb().user.upsert({
    where: { login },
    create: { login, name, email },
    update: { name, email, lastLoginAt: new Date() },
  });
  return user.id;
}

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export function buildAuthOptions(): NextAuthOptions {
  const env = readPortalEnv();
  const config = loadPortalConfig();
  const rolesOf = (userId: string, login: string, teams: string[]): Role[] =>
    resolveActor({ userId, login, name: login, teams }, config).roles;

  return {
    providers: buildProviders(config, env),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // next-auth sets the __Secure- prefix and the Secure flag when NEXTAUTH_URL is https;
    // its cookies are always HttpOnly and SameSite=Lax.
    useSecureCookies: env.PORTAL_MODE === "production" || (env.NEXTAUTH_URL ?? "").startsWith("https://"),
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      async signIn({ user }) {
        if (user.membershipProblem) {
          log.info({ login: user.login, provider: user.provider, problem: user.membershipProblem }, "sign-in rejected");
          return `/signin?error=${user.membershipProblem}`;
        }
        // The provider's id becomes the portal's own user id, which requests reference.
        user.id = await upsertUser(user.login, user.name ?? user.login, user.email ?? null);
        log.info({ login: user.login, provider: user.provider, teams: user.teams }, "signed in");
        return true;
      },
      async jwt({ token, user, account }) {
        if (user) {
          return {
            ...token,
            userId: user.id,
            login: user.login,
            teams: user.teams,
            roles: rolesOf(user.id, user.login, user.teams),
            provider: user.provider,
            providerToken: account?.access_token,
            membershipCheckedAt: Date.now(),
          };
        }
        const refreshed = await refreshMembershipIfDue(token, { config, githubApiUrl: env.GITHUB_API_URL, now: Date.now() });
        return { ...refreshed, roles: rolesOf(refreshed.userId ?? "", refreshed.login ?? "", refreshed.teams ?? []) };
      },
      session({ session, token }) {
        // A revoked token yields an empty id, which getActor treats as signed out.
        session.user = {
          id: token.revoked ? "" : (token.userId ?? ""),
          login: token.login ?? "",
          name: token.name ?? token.login ?? "",
          email: token.email,
          teams: token.revoked ? [] : (token.teams ?? []),
          roles: token.revoked ? [] : (token.roles ?? []),
        };
        return session;
      },
    },
  };
}

const holder = globalThis as { __portalAuthOptions?: NextAuthOptions };

export function getAuthOptions(): NextAuthOptions {
  return (holder.__portalAuthOptions ??= buildAuthOptions());
}
