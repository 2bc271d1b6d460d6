import type { PortalConfig } from "@/lib/config/schema";

export type Role = "developer" | "platform" | "security" | "custodian";

/** The signed-in person as every authorization decision sees them. */
export interface Actor {
  userId: string;
  login: string;
  name: string;
  teams: string[];
  roles: Role[];
  /** Applications whose owning team the actor belongs to. */
  applications: string[];
  /** Applications for which the actor may supply custodian values. */
  custodianOf: string[];
}

export interface Identity {
  userId: string;
  login: string;
  name: string;
  teams: string[];
}

/** Derives roles and application membership from team membership and the configuration. */
export function resolveActor(identity: Identity, config: PortalConfig): Actor {
  const teams = new Set(identity.teams);
  const isPlatform = teams.has(config.teams.platform);
  const isSecurity = teams.has(config.teams.security);

  const applications = config.applications.filter((app) => teams.has(app.owningTeam)).map((app) => app.name);
  const custodianOf = config.applications
    .filter((app) => isPlatform || (app.custodianTeam !== undefined && teams.has(app.custodianTeam)))
    .map((app) => app.name);

  const roles: Role[] = [];
  if (applications.length > 0) roles.push("developer");
  if (isPlatform) roles.push("platform");
  if (isSecurity) roles.push("security");
  if (custodianOf.length > 0) roles.push("custodian");

  return { ...identity, teams: [...teams], roles, applications, custodianOf };
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}
