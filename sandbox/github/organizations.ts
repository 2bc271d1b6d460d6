// Organizations, their members and teams, for the membership calls the portal makes at
// sign-in. Nothing here is persisted: the sandbox builds it from its configuration.

export type MembershipState = "active" | "pending";

export interface SimulatedOrgMember {
  login: string;
  // "pending": invited, invitation not accepted yet. Default "active".
  state?: MembershipState;
  // A private membership is hidden from OAuth apps when the organization restricts them.
  visibility?: "public" | "private";
}

export interface SimulatedTeam {
  slug: string;
  name?: string;
  members: Array<{ login: string; state?: MembershipState }>;
}

export interface SimulatedOrganization {
  login: string;
  members: SimulatedOrgMember[];
  teams: SimulatedTeam[];
  // OAuth App access restrictions: OAuth tokens cannot see private memberships or teams.
  restrictsOAuthApps?: boolean;
}

export const READ_ORG_SCOPES = ["read:org", "write:org", "admin:org"];

export class OrganizationDirectory {
  private readonly byLogin: Map<string, SimulatedOrganization>;

  constructor(organizations: SimulatedOrganization[]) {
    this.byLogin = new Map(organizations.map((organization) => [organization.login.toLowerCase(), organization]));
  }

  all(): SimulatedOrganization[] {
    return [...this.byLogin.values()];
  }

  find(login: string): SimulatedOrganization | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  member(organization: SimulatedOrganization, login: string): SimulatedOrgMember | undefined {
    return organization.members.find((member) => member.login.toLowerCase() === login.toLowerCase());
  }

  team(organization: SimulatedOrganization, slug: string): SimulatedTeam | undefined {
    return organization.teams.find((team) => team.slug.toLowerCase() === slug.toLowerCase());
  }
}

// GitHub's text for a 403 caused by OAuth App access restrictions.
export function restrictedOrganizationMessage(org: string): string {
  return (
    `Although you appear to have the correct authorization credentials, the \`${org}\` organization has enabled ` +
    "OAuth App access restrictions, meaning that data access to third-parties is limited. For more information on " +
    "these restrictions, including how to enable this app, visit " +
    "https://docs.github.com/articles/restricting-access-to-your-organization-s-data/"
  );
}
