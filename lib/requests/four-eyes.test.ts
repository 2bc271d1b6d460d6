import { describe, expect, it } from "vitest";

import type { EnvironmentConfig } from "@/lib/config/schema";
import type { PullRequestReview } from "@/lib/integrations/github/gitops-repository";
import { loadTestConfig } from "@/test-support/services";

import { checkFourEyes, createConfigPlatformMembership, latestVerdicts, requiredApprovals } from "./four-eyes";

const config = loadTestConfig();
const membership = createConfigPlatformMembership(config);
let reviewId = 0;

function environment(name: string, approvals: Partial<EnvironmentConfig["approvals"]> = {}): EnvironmentConfig {
  const found = config.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no environment ${name} in portal.config.yaml`);
  return { ...found, approvals: { ...found.approvals, ...approvals } };
}

const HEAD = "6f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";
const OLDER = "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b";

function review(login: string, state: string, commitId: string = HEAD): PullRequestReview {
  reviewId += 1;
  return { id: reviewId, login, state, commitId, submittedAt: null };
}

function check(env: EnvironmentConfig, reviews: PullRequestReview[], mergedBy: string | null = "pat-platform", requester = "dana-dev") {
  return checkFourEyes({ environment: env, requester, mergedBy, headSha: HEAD, reviews, membership });
}

describe("requiredApprovals", () => {
  it("production forbids the requester merging by default", () => {
    expect(requiredApprovals(environment("prod", { mergerMayBeRequester: undefined })).mergerMayBeRequester).toBe(false);
  });

  it("other environments allow it by default", () => {
    expect(requiredApprovals(environment("dev")).mergerMayBeRequester).toBe(true);
  });
});

describe("latestVerdicts", () => {
  it("drops approvals of another head", () => {
    const verdicts = latestVerdicts([review("pat-platform", "APPROVED", OLDER), review("sam-security", "CHANGES_REQUESTED", OLDER)], HEAD);
    expect(verdicts.get("pat-platform")).toBeUndefined();
    expect(verdicts.get("sam-security")).toBe("CHANGES_REQUESTED");
  });

  it("keeps every approval without a head", () => {
    expect(latestVerdicts([review("pat-platform", "APPROVED", OLDER)]).get("pat-platform")).toBe("APPROVED");
  });
});

describe("checkFourEyes", () => {
  it("platform approval passes", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED")]);
    expect(result.passed).toBe(true);
    expect(result.approvers).toEqual(["pat-platform"]);
  });

  it("approval of an older commit fails", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED", OLDER)]);
    expect(result.passed).toBe(false);
    expect(result.approvers).toEqual([]);
    expect(result.staleApprovers).toEqual(["pat-platform"]);
    expect(result.reason).toContain("approvals of commits before the merged head 6f1c2d3 do not count (pat-platform)");
  });

  it("new approval of the head passes", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED", OLDER), review("pat-platform", "APPROVED")]);
    expect(result.passed).toBe(true);
    expect(result.staleApprovers).toEqual([]);
  });

  it("unknown head counts every approval", async () => {
    const result = await checkFourEyes({
      environment: environment("dev"),
      requester: "dana-dev",
      mergedBy: "pat-platform",
      headSha: null,
      reviews: [review("pat-platform", "APPROVED", OLDER)],
      membership,
    });
    expect(result.passed).toBe(true);
  });

  it("no review fails", async () => {
    const result = await check(environment("dev"), []);
    expect(result.passed).toBe(false);
    expect(result.reason).toContain("needs 1 approval");
  });

  it("non-platform approval does not count", async () => {
    const result = await check(environment("dev"), [review("sam-security", "APPROVED")]);
    expect(result.passed).toBe(false);
  });

  it("requester approval does not count", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED")], "pat-platform", "pat-platform");
    expect(result.passed).toBe(false);
    expect(result.approvers).toEqual([]);
  });

  it("later change request replaces an approval", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED"), review("pat-platform", "CHANGES_REQUESTED")]);
    expect(result.passed).toBe(false);
  });

  it("later comment keeps an approval", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED"), review("pat-platform", "COMMENTED")]);
    expect(result.passed).toBe(true);
  });

  it("two approvals required counts distinct reviewers", async () => {
    const result = await check(environment("dev", { required: 2 }), [review("pat-platform", "APPROVED"), review("pat-platform", "APPROVED")]);
    expect(result.passed).toBe(false);
    expect(result.reason).toContain("needs 2 approvals");
  });

  it("zero approvals required passes", async () => {
    const result = await check(environment("dev", { required: 0 }), []);
    expect(result.passed).toBe(true);
  });

  it("requester merging in production fails", async () => {
    const result = await check(environment("prod", { required: 0 }), [], "dana-dev");
    expect(result.passed).toBe(false);
    expect(result.reason).toContain("merged by the requester dana-dev");
  });

  it("unknown merger in production fails", async () => {
    const result = await check(environment("prod", { required: 0 }), [], null);
    expect(result.passed).toBe(false);
  });

  it("requester merging in dev passes", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED")], "dana-dev");
    expect(result.passed).toBe(true);
  });

  it("logins compare without case", async () => {
    const result = await check(environment("dev"), [review("Pat-Platform", "APPROVED")]);
    expect(result.passed).toBe(true);
  });
});
