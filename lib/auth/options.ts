import "server-only";

import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

import { loadPortalConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db";
import { readPortalEnv } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger.child({ component: "auth" });

declare module "next-auth" {
  interface Session {
    user: { id: string; login: string; name: string; email?: string | null; teams: string[] };
  }
  interface User {
    login: string;
    teams: string[];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    login?: string;
    teams?: string[];
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

/**
 * The sandbox persona provider. It exists only when PORTAL_MODE is "sandbox": anybody who
 * can reach the portal may pick a persona, so production must never offer it.
 */
function sandboxPersonaProvider() {
  return CredentialsProvider({
    id: "sandbox",
    name: "Sandbox persona",
    credentials: { persona: { label: "Persona", type: "text" } },
    async authorize(credentials) {
      const persona = loadPortalConfig().sandbox.personas.find((candidate) => candidate.id === credentials?.persona);
      if (!persona) return null;
      const id = await upsertUser(persona.login, persona.name, persona.email);
      log.info({ login: persona.login, provider: "sandbox" }, "signed in");
      return { id, login: persona.login, name: persona.name, email: persona.email, teams: persona.teams };
    },
  });
}

export function buildAuthOptions(): NextAuthOptions {
  const env = readPortalEnv();
  const providers = env.PORTAL_MODE === "sandbox" ? [sandboxPersonaProvider()] : [];

  return {
    providers,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin" },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.userId = user.id;
          token.login = user.login;
          token.teams = user.teams;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.userId ?? "",
          login: token.login ?? "",
          name: token.name ?? token.login ?? "",
          email: token.email,
          teams: token.teams ?? [],
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
