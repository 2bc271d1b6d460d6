import { simpleUserJson } from "../account-json";
import { ApiError, notFound } from "../api-error";
import { READ_ORG_SCOPES, restrictedOrganizationMessage, type SimulatedOrganization, type SimulatedTeam } from "../organizations";
import type { ApiCall, ApiRoute } from "../router";
import { stableId, nodeId } from "../users";

// The membership calls the portal makes when someone signs in with GitHub.

function organizationSimpleJson(call: ApiCall, organization: SimulatedOrganization): Record<string, unknown> {
  const id = stableId("account", organization.login.toLowerCase());
  const url = `${call.context.apiUrl}/orgs/${encodeURIComponent(organization.login)}`;
  return {
    login: organization.login,
    id,
    node_id: nodeId("O", id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${call.context.publicUrl}/_sandbox/avatars/${encodeURIComponent(organization.login)}`,
    description: null,
  };
}

const SIMULATOR_EPOCH = "2024-01-01T00:00:00Z";

// GitHub's `team-full` object, with the `team-organization` it belongs to.
function teamFullJson(call: ApiCall, organization: SimulatedOrganization, team: SimulatedTeam): Record<string, unknown> {
  const id = stableId("team", `${organization.login}/${team.slug}`.toLowerCase());
  const orgUrl = `${call.context.apiUrl}/orgs/${encodeURIComponent(organization.login)}`;
  const url = `${orgUrl}/teams/${encodeURIComponent(team.slug)}`;
  return {
    id,
    node_id: nodeId("T", id),
    url,
    html_url: `${call.context.publicUrl}/orgs/${encodeURIComponent(organization.login)}/teams/${encodeURIComponent(team.slug)}`,
    name: team.name ?? team.slug,
    slug: team.slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: null,
    type: "organization",
    members_count: team.members.length,
    repos_count: 0,
    created_at: SIMULATOR_EPOCH,
    updated_at: SIMULATOR_EPOCH,
    organization: {
      ...organizationSimpleJson(call, organization),
      html_url: `${call.context.publicUrl}/${encodeURIComponent(organization.login)}`,
      has_organization_projects: false,
      has_repository_projects: false,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: "Organization",
      created_at: SIMULATOR_EPOCH,
      updated_at: SIMULATOR_EPOCH,
      archived_at: null,
    },
  };
}

// A classic OAuth token needs read:org to read memberships; a token without known scopes
// (a personal token in tests, an installation token) is let through.
function lacksReadOrg(call: ApiCall): boolean {
  return call.credential.kind === "token" && call.credential.scopes !== null && !call.credential.scopes.some((scope) => READ_ORG_SCOPES.includes(scope));
}

// OAuth App access restrictions hide private memberships from OAuth tokens, which are the
// tokens with a scope list; App and installation tokens are not affected.
function hiddenByRestrictions(call: ApiCall, organization: SimulatedOrganization, visibility: string | undefined): boolean {
  const oauthToken = call.credential.kind === "token" && call.credential.scopes !== null;
  return organization.restrictsOAuthApps === true && oauthToken && visibility === "private";
}

function findOrganization(call: ApiCall): SimulatedOrganization {
  const organization = call.context.organizations.find(call.params.org ?? "");
  if (!organization) throw notFound();
  return organization;
}

export const membershipRoutes: ApiRoute[] = [
  {
    method: "GET",
    template: "/user/teams",
    operationId: "teams/list-for-authenticated-user",
    documentationUrl: "https://docs.github.com/rest/teams/teams#list-teams-for-the-authenticated-user",
    async handle(call) {
      // OAuth tokens need the user, repo or read:org scope for this endpoint.
      const scopes = call.credential.kind === "token" ? call.credential.scopes : null;
      if (scopes !== null && !scopes.some((scope) => ["user", "repo", ...READ_ORG_SCOPES].includes(scope))) {
        throw new ApiError(403, "Resource not accessible by personal access token");
      }

      const teams: Record<string, unknown>[] = [];
      for (const organization of call.context.organizations.all()) {
        const member = call.context.organizations.member(organization, call.actor.login);
        if (!member || (member.state ?? "active") !== "active") continue;
        if (hiddenByRestrictions(call, organization, member.visibility)) continue;
        for (const team of organization.teams) {
          const membership = team.members.find((candidate) => candidate.login.toLowerCase() === call.actor.login.toLowerCase());
          if (membership && (membership.state ?? "active") === "active") teams.push(teamFullJson(call, organization, team));
        }
      }
      return { status: 200, body: teams };
    },
  },
  {
    method: "GET",
    template: "/user/memberships/orgs/{org}",
    operationId: "orgs/get-membership-for-authenticated-user",
    documentationUrl: "https://docs.github.com/rest/orgs/members#get-an-organization-membership-for-the-authenticated-user",
    async handle(call) {
      const organization = findOrganization(call);
      if (lacksReadOrg(call)) throw notFound();
      const member = call.context.organizations.member(organization, call.actor.login);
      if (!member) throw notFound();
      if (hiddenByRestrictions(call, organization, member.visibility)) throw new ApiError(403, restrictedOrganizationMessage(organization.login));

      const orgUrl = `${call.context.apiUrl}/orgs/${encodeURIComponent(organization.login)}`;
      return {
        status: 200,
        body: {
          url: `${orgUrl}/memberships/${encodeURIComponent(call.actor.login)}`,
          state: member.state ?? "active",
          role: "member",
          organization_url: orgUrl,
          organization: organizationSimpleJson(call, organization),
          user: simpleUserJson(call.context.apiUrl, call.context.publicUrl, call.actor),
        },
      };
    },
  },
  {
    method: "GET",
    template: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    operationId: "teams/get-membership-for-user-in-org",
    documentationUrl: "https://docs.github.com/rest/teams/members#get-team-membership-for-a-user",
    async handle(call) {
      const organization = findOrganization(call);
      const team = call.context.organizations.team(organization, call.params.team_slug ?? "");
      // GitHub returns 404 when the team is not visible to the caller, as well as for non-members.
      if (!team || lacksReadOrg(call)) throw notFound();
      const callerMembership = call.context.organizations.member(organization, call.actor.login);
      if (hiddenByRestrictions(call, organization, callerMembership?.visibility)) throw notFound();

      const username = call.params.username ?? "";
      const member = team.members.find((candidate) => candidate.login.toLowerCase() === username.toLowerCase());
      if (!member) throw notFound();
      return {
        status: 200,
        body: {
          url: `${call.context.apiUrl}/orgs/${encodeURIComponent(organization.login)}/teams/${encodeURIComponent(team.slug)}/memberships/${encodeURIComponent(username)}`,
          role: "member",
          state: member.state ?? "active",
        },
      };
    },
  },
];
