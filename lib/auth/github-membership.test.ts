import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SimulatedOrganization } from "@/sandbox/github/organizations";
import { startTestSimulator, type TestSimulator } from "@/sandbox/github/test-support/simulator-fixture";

import { readGitHubMembership } from "./github-membership";

const ORG = "acme";
const TEAMS = ["payments", "platform", "security"];
const READ_ORG = ["read:org", "read:user", "user:email"];

const organization: SimulatedOrganization = {
  login: ORG,
  restrictsOAuthApps: true,
  members: [
    { login: "dana" },
    { login: "penny", state: "pending" },
    { login: "priya", visibility: "private" },
    { login: "pat", visibility: "private" },
  ],
  teams: [
    { slug: "payments", members: [{ login: "dana" }, { login: "priya" }, { login: "penny", state: "pending" }] },
    { slug: "platform", members: [{ login: "pat" }] },
  ],
};

let github: TestSimulator;

beforeAll(async () => {
  github = await startTestSimulator({
    users: ["dana", "penny", "priya", "pat", "olaf"].map((login) => ({ login, name: login.toUpperCase() })),
    tokens: [
      { token: "dana-token", login: "dana", scopes: READ_ORG },
      { token: "penny-token", login: "penny", scopes: READ_ORG },
      { token: "priya-token", login: "priya", scopes: READ_ORG },
      { token: "olaf-token", login: "olaf", scopes: READ_ORG },
      { token: "dana-no-org-scope", login: "dana", scopes: ["read:user", "user:email"] },
      // A token without an X-OAuth-Scopes header, as GitHub App user tokens have.
      { token: "pat-app-user-token", login: "pat" },
    ],
    organizations: [organization],
  });
});

afterAll(async () => {
  await github.stop();
});

function lookUp(accessToken: string): ReturnType<typeof readGitHubMembership> {
  return readGitHubMembership({ apiUrl: github.url, accessToken, org: ORG, teamSlugs: TEAMS });
}

describe("readGitHubMembership", () => {
  it("returns a member's active teams", async () => {
    expect(await lookUp("dana-token")).toMatchObject({ kind: "member", teams: ["payments"] });
  });

  it("returns the member's login", async () => {
    const membership = await lookUp("dana-token");
    expect(membership.kind).not.toBe("revoked");
    if (membership.kind === "revoked") return;
    expect(membership.user.login).toBe("dana");
  });

  it("reports a non-member", async () => {
    expect(await lookUp("olaf-token")).toMatchObject({ kind: "problem", problem: "GitHubNotMember" });
  });

  it("reports a pending invitation", async () => {
    expect(await lookUp("penny-token")).toMatchObject({ kind: "problem", problem: "GitHubPendingInvitation" });
  });

  it("reports a hidden private membership", async () => {
    expect(await lookUp("priya-token")).toMatchObject({ kind: "problem", problem: "GitHubPrivateMembership" });
  });

  it("reports a missing read:org scope", async () => {
    expect(await lookUp("dana-no-org-scope")).toMatchObject({ kind: "problem", problem: "GitHubMissingScope" });
  });

  it("accepts a token without scopes", async () => {
    expect(await lookUp("pat-app-user-token")).toMatchObject({ kind: "member", teams: ["platform"] });
  });

  it("reports a revoked token", async () => {
    expect(await lookUp("unknown-token")).toEqual({ kind: "revoked" });
  });

  it("sees leaving a team", async () => {
    const payments = organization.teams[0];
    if (!payments) throw new Error("fixture has no payments team");
    const before = payments.members;
    payments.members = before.filter((member) => member.login !== "dana");
    try {
      expect(await lookUp("dana-token")).toMatchObject({ kind: "member", teams: [] });
    } finally {
      payments.members = before;
    }
  });
});
