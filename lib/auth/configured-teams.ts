import type { PortalConfig } from "@/lib/config/schema";

/** Lists every team slug (or group name) the configuration uses: for roles, owners and custodians. */
export function configuredTeams(config: PortalConfig): string[] {
  const teams = new Set<string>([config.teams.platform, config.teams.security]);
  for (const application of config.applications) {
    teams.add(application.owningTeam);
    if (application.custodianTeam) teams.add(application.custodianTeam);
  }
  return [...teams];
}
