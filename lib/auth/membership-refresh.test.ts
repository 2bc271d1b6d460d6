import { beforeEach, describe, expect, it } from "vitest";

import type { PortalConfig } from "@/lib/config/schema";

import { clearMembershipCache, refreshMembershipIfDue, type MembershipAnswer, type MembershipToken } from "./membership-refresh";

const MINUTE = 60_000;
const config = { auth: { membershipRefreshMinutes: 10 } } as PortalConfig;
const token: MembershipToken = { userId: "u1", login: "dana", provider: "github", teams: ["payments"], membershipCheckedAt: 0 };

function reader(answer: MembershipAnswer | Error): { calls: number; read: () => Promise<MembershipAnswer> } {
  const counter = {
    calls: 0,
    read: async (): Promise<MembershipAnswer> => {
      counter.calls += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return counter;
}

describe("refreshMembershipIfDue", () => {
  beforeEach(() => clearMembershipCache());

  it("keeps a fresh token", async () => {
    const source = reader({ kind: "teams", teams: [] });
    await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 9 * MINUTE, read: source.read });
    expect(source.calls).toBe(0);
  });

  it("drops a team left", async () => {
    const source = reader({ kind: "teams", teams: [] });
    const refreshed = await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 10 * MINUTE, read: source.read });
    expect(refreshed.teams).toEqual([]);
  });

  it("records the check time", async () => {
    const source = reader({ kind: "teams", teams: ["payments"] });
    const refreshed = await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 11 * MINUTE, read: source.read });
    expect(refreshed.membershipCheckedAt).toBe(11 * MINUTE);
  });

  it("revokes when the provider does", async () => {
    const source = reader({ kind: "revoked", reason: "GitHubNotMember" });
    const refreshed = await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 10 * MINUTE, read: source.read });
    expect(refreshed.revoked).toBe(true);
  });

  it("keeps teams when the provider fails", async () => {
    const source = reader(new Error("connect ECONNREFUSED"));
    const refreshed = await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 10 * MINUTE, read: source.read });
    expect(refreshed.teams).toEqual(["payments"]);
  });

  it("asks the provider once per interval", async () => {
    const source = reader({ kind: "teams", teams: [] });
    // The cookie is not rewritten during rendering, so the same stale token arrives twice.
    await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 10 * MINUTE, read: source.read });
    await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 12 * MINUTE, read: source.read });
    expect(source.calls).toBe(1);
  });

  it("applies the cached answer", async () => {
    const source = reader({ kind: "teams", teams: [] });
    await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 10 * MINUTE, read: source.read });
    const second = await refreshMembershipIfDue(token, { config, githubApiUrl: "", now: 12 * MINUTE, read: source.read });
    expect(second.teams).toEqual([]);
  });

  it("leaves a revoked token alone", async () => {
    const source = reader({ kind: "teams", teams: ["platform"] });
    await refreshMembershipIfDue({ ...token, revoked: true }, { config, githubApiUrl: "", now: 60 * MINUTE, read: source.read });
    expect(source.calls).toBe(0);
  });
});
