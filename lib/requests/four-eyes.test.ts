import { describe, expect, it } from "vitest";

import type { EnvironmentConfig } from "@/lib/config/schema";
import type { PullRequestReview } from "@/lib/integrations/github/gitops-repository";
import { loadTestConfig } from "@/test-support/services";

import { checkFourEyes, createConfigPlatformMembership, requiredApprovals } from "./four-eyes";

const config = loadTestConfig();
const membership = createConfigPlatformMembership(config);
let reviewId = 0;

function environment(name: string, approvals: Partial<EnvironmentConfig["approvals"]> = {}): EnvironmentConfig {
  const found = config.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no environment ${name} in portal.config.yaml`);
  return { ...found, approvals: { ...found.approvals, ...approvals } };
}

function review(login: string, state: string): PullRequestReview {
  reviewId += 1;
  return { id: reviewId, login, state, commitId: null, submittedAt: null };
}

function check(env: EnvironmentConfig, reviews: PullRequestReview[], mergedBy: string | null = "pat-platform", requester = "dana-dev") {
  return checkFourEyes({ environment: env, requester, mergedBy, reviews, membership });
}

describe("requiredApprovals", () => {
  it("production forbids the requester merging by default", () => {
    expect(requiredApprovals(environment("prod", { mergerMayBeRequester: undefined })).mergerMayBeRequester).toBe(false);
  });

  it("other environments allow it by default", () => {
    expect(requiredApprovals(environment("dev")).mergerMayBeRequester).toBe(true);
  });
});

describe("checkFourEyes", () => {
  it("platform approval passes", async () => {
    const result = await check(environment("dev"), [review("pat-platform", "APPROVED")]);
    expect(result.passed).toBe(true);
    expect(result.approvers).toEqual(["pat-platform"]);
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
