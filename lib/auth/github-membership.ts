import "server-only";

import { createGitHubClient, type GitHubClient } from "@/lib/integrations/github/client";
import { logger } from "@/lib/log";

import type { MembershipProblem } from "./membership-problems";

const log = logger.child({ component: "auth" });

// OAuth scopes that let a token read team membership; write:org and admin:org include read:org.
const READ_ORG_SCOPES = ["read:org", "write:org", "admin:org"];

export interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
}

export type GitHubMembership =
  | { kind: "member"; user: GitHubUser; teams: string[] }
  | { kind: "problem"; user: GitHubUser; problem: MembershipProblem }
  /** GitHub refused the token itself (401): it expired or was revoked. */
  | { kind: "revoked" };

export interface GitHubMembershipQuery {
  apiUrl: string;
  accessToken: string;
  org: string;
  /** Team slugs to check; the configuration gives meaning to no others. */
  teamSlugs: readonly string[];
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Reads the signed-in user and their active teams in `org` with the user's own OAuth
 * token. A missing read:org scope, a pending invitation, a membership GitHub hides (403
 * under OAuth App access restrictions) and a non-member each become a named problem.
 */
export async function readGitHubMembership(query: GitHubMembershipQuery): Promise<GitHubMembership> {
  const client = createGitHubClient({ baseUrl: query.apiUrl, token: query.accessToken, maxRateLimitRetries: 0 });

  let user: GitHubUser;
  let scopes: string[] | null;
  try {
    const response = await client.rest.users.getAuthenticated();
    user = { id: response.data.id, login: response.data.login, name: response.data.name ?? null, email: response.data.email ?? null };
    const header = response.headers["x-oauth-scopes"];
    // GitHub App user tokens carry no scopes header; their permissions are checked per call.
    scopes = typeof header === "string" ? header.split(",").map((scope) => scope.trim()).filter(Boolean) : null;
  } catch (error) {
    if (statusOf(error) === 401) return { kind: "revoked" };
    throw error;
  }

  if (scopes !== null && !scopes.some((scope) => READ_ORG_SCOPES.includes(scope))) {
    return { kind: "problem", user, problem: "GitHubMissingScope" };
  }

  const orgProblem = await readOrganizationState(client, query.org);
  if (orgProblem === "revoked") return { kind: "revoked" };
  if (orgProblem) {
    log.info({ login: user.login, org: query.org, problem: orgProblem }, "github sign-in without usable membership");
    return { kind: "problem", user, problem: orgProblem };
  }

  const teams = await readActiveTeams(client, query.org, user.login, query.teamSlugs);
  return { kind: "member", user, teams };
}

async function readOrganizationState(client: GitHubClient, org: string): Promise<MembershipProblem | "revoked" | null> {
  try {
    const response = await client.rest.orgs.getMembershipForAuthenticatedUser({ org });
    return response.data.state === "active" ? null : "GitHubPendingInvitation";
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) return "revoked";
    if (status === 403) return "GitHubPrivateMembership";
    if (status === 404) return "GitHubNotMember";
    throw error;
  }
}

async function readActiveTeams(client: GitHubClient, org: string, login: string, teamSlugs: readonly string[]): Promise<string[]> {
  const checks = teamSlugs.map(async (slug) => {
    try {
      const response = await client.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      // A pending team membership grants nothing until the invitation is accepted.
      return response.data.state === "active" ? slug : null;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  });
  return (await Promise.all(checks)).filter((slug): slug is string => slug !== null);
}
