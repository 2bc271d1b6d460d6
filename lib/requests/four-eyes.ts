import "server-only";

import type { EnvironmentConfig, PortalConfig } from "@/lib/config/schema";
import type { GitOpsRepository, PullRequestReview } from "@/lib/integrations/github/gitops-repository";

// The second line behind branch protection: a merged pull request is provisioned only
// when enough platform members other than the requester approved it, and, where the
// environment requires it, someone other than the requester merged it.

/** Checks whether a GitHub login belongs to the platform team. */
export interface PlatformMembership {
  isPlatformMember(login: string): Promise<boolean>;
}

/**
 * Platform membership from the configured personas: a persona whose teams include
 * `teams.platform`. In production there are no personas, so no login is a member.
 */
export function createConfigPlatformMembership(config: PortalConfig): PlatformMembership {
  const members = new Set(
    config.sandbox.personas.filter((persona) => persona.teams.includes(config.teams.platform)).map((persona) => persona.login.toLowerCase()),
  );
  return {
    async isPlatformMember(login) {
      return members.has(login.toLowerCase());
    },
  };
}

/**
 * Platform membership as GitHub has it: active membership of `teams.platform` in
 * `auth.github.org`, read with the portal's own GitHub credentials.
 */
export function createGitHubPlatformMembership(github: GitOpsRepository, org: string, team: string): PlatformMembership {
  return {
    isPlatformMember: (login) => github.isActiveTeamMember(org, team, login),
  };
}

/** GitHub's team membership when `auth.github.org` is configured, otherwise the sandbox personas. */
export function createPlatformMembership(config: PortalConfig, github: GitOpsRepository): PlatformMembership {
  // NOTE: with OIDC sign-in only, teams.platform names an OIDC group that GitHub cannot
  // check, so such a deployment needs auth.github.org for the four-eyes check to pass.
  const org = config.auth.github?.org;
  return org ? createGitHubPlatformMembership(github, org, config.teams.platform) : createConfigPlatformMembership(config);
}

export interface FourEyesInput {
  environment: EnvironmentConfig;
  requester: string;
  mergedBy: string | null;
  /** Head commit of the merged pull request. Approvals of other commits do not count, unless this is null. */
  headSha: string | null;
  reviews: PullRequestReview[];
  membership: PlatformMembership;
}

export interface FourEyesResult {
  passed: boolean;
  required: number;
  /** Platform members other than the requester whose latest review approves the merged head. */
  approvers: string[];
  /** Platform members other than the requester whose latest approval is of an older commit. */
  staleApprovers: string[];
  /** Reason for the failure, naming the people involved, or null when the check passed. */
  reason: string | null;
}

/** Returns the approval rule of an environment with its defaults applied. */
export function requiredApprovals(environment: EnvironmentConfig): { required: number; mergerMayBeRequester: boolean } {
  return {
    required: environment.approvals.required,
    mergerMayBeRequester: environment.approvals.mergerMayBeRequester ?? !environment.production,
  };
}

/**
 * Maps each reviewer to their latest verdict. GitHub keeps every review, and a later
 * CHANGES_REQUESTED or DISMISSED replaces an earlier approval, while a plain comment does not.
 */
export function latestVerdicts(reviews: PullRequestReview[], headSha: string | null = null): Map<string, string> {
  const verdicts = new Map<string, string>();
  for (const [login, review] of latestReviews(reviews)) {
    // With a head given, an approval of another commit no longer counts.
    if (headSha !== null && review.state === "APPROVED" && review.commitId !== headSha) continue;
    verdicts.set(login, review.state);
  }
  return verdicts;
}

/** Maps each reviewer to their latest review that gives a verdict, by the rule of latestVerdicts. */
function latestReviews(reviews: PullRequestReview[]): Map<string, PullRequestReview> {
  const latest = new Map<string, PullRequestReview>();
  for (const review of reviews) {
    if (!review.login || review.state === "COMMENTED" || review.state === "PENDING") continue;
    latest.set(review.login.toLowerCase(), review);
  }
  return latest;
}

export async function checkFourEyes(input: FourEyesInput): Promise<FourEyesResult> {
  const rule = requiredApprovals(input.environment);
  const requester = input.requester.toLowerCase();

  // An approval counts only for the commit it was given on, because a later push changes
  // what was reviewed. GitHub's "dismiss stale pull request approvals" rule does the same.
  const approvers: string[] = [];
  const staleApprovers: string[] = [];
  for (const [login, review] of latestReviews(input.reviews)) {
    if (review.state !== "APPROVED" || login === requester) continue;
    if (!(await input.membership.isPlatformMember(login))) continue;

    const stale = input.headSha !== null && review.commitId !== input.headSha;
    if (stale) staleApprovers.push(login);
    else approvers.push(login);
  }

  const problems: string[] = [];
  if (approvers.length < rule.required) {
    const stale =
      staleApprovers.length > 0
        ? `; approvals of commits before the merged head ${input.headSha?.slice(0, 7)} do not count (${staleApprovers.join(", ")})`
        : "";
    problems.push(
      `it needs ${rule.required} approval${rule.required === 1 ? "" : "s"} from platform team members other than the requester ` +
        `${input.requester}, and has ${approvers.length}${approvers.length > 0 ? ` (${approvers.join(", ")})` : ""}${stale}`,
    );
  }
  if (!rule.mergerMayBeRequester && input.mergedBy === null) {
    problems.push(`GitHub does not say who merged it, and environment "${input.environment.name}" needs a merger other than the requester`);
  } else if (!rule.mergerMayBeRequester && input.mergedBy?.toLowerCase() === requester) {
    problems.push(`it was merged by the requester ${input.requester}, which environment "${input.environment.name}" does not allow`);
  }

  return {
    passed: problems.length === 0,
    required: rule.required,
    approvers,
    staleApprovers,
    reason: problems.length === 0 ? null : `The merged pull request fails the four-eyes check: ${problems.join("; ")}.`,
  };
}
