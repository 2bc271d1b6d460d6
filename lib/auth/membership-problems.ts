// Reasons a sign-in found no usable membership, each with the fix in words. Pure data, so
// the sign-in page can show the messages without loading server code.

export const MEMBERSHIP_PROBLEMS = {
  GitHubMissingScope: {
    title: "GitHub did not grant the read:org scope",
    fix:
      "The portal reads your team membership with the read:org scope, and the token GitHub issued lacks it. " +
      "Sign in again and approve the requested access; if GitHub does not ask, revoke the portal under " +
      "GitHub Settings > Applications > Authorized OAuth Apps and sign in again.",
  },
  GitHubPrivateMembership: {
    title: "GitHub hides your organization membership from the portal",
    fix:
      "Your membership in the organization is private and the organization restricts OAuth app access, so GitHub " +
      "answers 403 to the portal. Either make your membership public (the organization's People page > your name > " +
      "Public), or ask an organization owner to approve the portal under Organization settings > Third-party access.",
  },
  GitHubPendingInvitation: {
    title: "Your invitation to the GitHub organization is still pending",
    fix: "Accept the invitation at https://github.com/orgs/{org}/invitation (GitHub also emails it), then sign in again.",
  },
  GitHubNotMember: {
    title: "You are not a member of the GitHub organization",
    fix: "Only members of the organization can sign in. Ask an organization owner to invite you, accept, then sign in again.",
  },
  OidcGroupsClaimMissing: {
    title: "The identity provider sent no groups claim",
    fix:
      "The portal maps groups to roles, and the ID token has no claim with the configured name (auth.oidc.groupsClaim). " +
      "Ask your identity provider's administrator to add the groups claim to the portal's client, or set " +
      "auth.oidc.groupsClaim to the claim your provider uses.",
  },
} as const;

export type MembershipProblem = keyof typeof MEMBERSHIP_PROBLEMS;

export function isMembershipProblem(code: unknown): code is MembershipProblem {
  return typeof code === "string" && Object.hasOwn(MEMBERSHIP_PROBLEMS, code);
}

/** Describes a problem for the sign-in page: what happened, then how to fix it; `org` fills in the organization. */
export function describeMembershipProblem(problem: MembershipProblem, org = "<organization>"): string {
  const { title, fix } = MEMBERSHIP_PROBLEMS[problem];
  return `${title}. ${fix.replaceAll("{org}", org)}`;
}
