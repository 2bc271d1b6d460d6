import "server-only";

import { getServerSession } from "next-auth";

import { loadPortalConfig } from "@/lib/config/load";
import { PortalError } from "@/lib/errors";

import { getAuthOptions } from "./options";
import { resolveActor, type Actor } from "./roles";

/** The signed-in actor with roles derived from the current configuration, or null. */
export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.id) return null;
  return resolveActor(
    { userId: session.user.id, login: session.user.login, name: session.user.name, teams: session.user.teams },
    loadPortalConfig(),
  );
}

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new PortalError("UNAUTHENTICATED", "Sign in to continue.");
  return actor;
}
