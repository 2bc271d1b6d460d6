import { execFileSync } from "node:child_process";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { cancelRequest, isCancellable } from "./cancel-request";
import { createSecretRequest } from "./create-request";
import { applyPullRequestEvent } from "./handle-pull-request-event";

let sandbox: TestSandbox;
let requester: Actor;
let teammate: Actor;
let platform: Actor;
let outsider: Actor;
let nameCounter = 0;

const API_HEADERS = { authorization: "token test-portal-token", "content-type": "application/json" };

async function openRequest(): Promise<{ id: string; number: number; branch: string }> {
  nameCounter += 1;
  const { id } = await createSecretRequest(sandbox.services, requester, {
    environment: "dev",
    application: "payments-api",
    secretName: `cancelled-secret-${"abcdefghij"[nameCounter] ?? "z"}`,
    description: "A secret whose request is cancelled",
    secretType: "Opaque",
    keys: ["password"],
    valueSource: "generated",
    refreshInterval: "1h",
  });
  const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
  if (request.status !== "PR_OPEN" || !request.pullRequestNumber || !request.branchName) throw new Error(`request is ${request.status}`);
  return { id, number: request.pullRequestNumber, branch: request.branchName };
}

function branchExists(branch: string): boolean {
  try {
    execFileSync("git", ["--git-dir", sandbox.repositoryPath, "rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

async function pullRequest(number: number): Promise<{ state: string; merged: boolean }> {
  const response = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/pulls/${number}`, { headers: API_HEADERS });
  return (await response.json()) as { state: string; merged: boolean };
}

async function comments(number: number): Promise<string[]> {
  const response = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/issues/${number}/comments`, { headers: API_HEADERS });
  return ((await response.json()) as Array<{ body: string }>).map((comment) => comment.body);
}

async function failure(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

/** Waits until the simulator has delivered more pull_request webhooks than `seen`. */
async function waitForPullRequestDelivery(seen: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (pullRequestDeliveries() > seen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the simulator sent no pull_request webhook for the close");
}

function pullRequestDeliveries(): number {
  return sandbox.deliveries.filter((delivery) => delivery.event === "pull_request").length;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;
  const [dana, tom, pat, olga] = await Promise.all(
    ["dana-dev", "tom-dev", "pat-platform", "olga-ledger"].map((login) => db.user.create({ data: { login, name: login } })),
  );
  requester = resolveActor({ userId: dana!.id, login: dana!.login, name: dana!.name, teams: ["payments"] }, config);
  teammate = resolveActor({ userId: tom!.id, login: tom!.login, name: tom!.name, teams: ["payments"] }, config);
  platform = resolveActor({ userId: pat!.id, login: pat!.login, name: pat!.name, teams: ["platform"] }, config);
  outsider = resolveActor({ userId: olga!.id, login: olga!.login, name: olga!.name, teams: ["ledger"] }, config);
});

afterAll(async () => {
  await sandbox?.close();
});

// Each test opens a real pull request in the simulator, which takes seconds on a busy machine.
describe("cancelRequest", { timeout: 120_000 }, () => {
  it("closes the pull request, comments and deletes the branch", async () => {
    const { id, number, branch } = await openRequest();

    await cancelRequest(sandbox.services, requester, id, { ipAddress: "127.0.0.1" });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(request.status).toBe("CANCELLED");
    expect(request.activeProviderName).toBeNull();
    expect(request.events.map((event) => event.action)).toContain("request.cancelled");
    expect((await pullRequest(number)).state).toBe("closed");
    expect((await comments(number)).some((body) => body.includes("dana-dev cancelled this request"))).toBe(true);
    expect(branchExists(branch)).toBe(false);
  });

  it("late close webhook keeps CANCELLED", async () => {
    const { id, number, branch } = await openRequest();
    const seen = pullRequestDeliveries();
    await cancelRequest(sandbox.services, requester, id);
    await waitForPullRequestDelivery(seen);
    expect((await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");

    const applied = await applyPullRequestEvent(sandbox.services.db, {
      deliveryId: "late-close",
      action: "closed",
      number,
      headRef: branch,
      headSha: "0".repeat(40),
      merged: false,
      mergeCommitSha: null,
      mergedBy: null,
      sender: "pat-platform",
    });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(applied).toBe(false);
    expect(request.status).toBe("CANCELLED");
  });

  it("frees the name for a new request", async () => {
    const { id } = await openRequest();
    const { secretName } = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    await cancelRequest(sandbox.services, requester, id);

    const again = await createSecretRequest(sandbox.services, requester, {
      environment: "dev",
      application: "payments-api",
      secretName,
      description: "The same secret, requested again",
      secretType: "Opaque",
      keys: ["password"],
      valueSource: "generated",
      refreshInterval: "1h",
    });

    expect(again.id).not.toBe(id);
  });

  it("only the requester may cancel", async () => {
    const { id, number } = await openRequest();

    const byTeammate = await failure(cancelRequest(sandbox.services, teammate, id));
    const byPlatform = await failure(cancelRequest(sandbox.services, platform, id));
    const byOutsider = await failure(cancelRequest(sandbox.services, outsider, id));

    expect(byTeammate.code).toBe("FORBIDDEN");
    expect(byPlatform.code).toBe("FORBIDDEN");
    expect(byOutsider.code).toBe("NOT_FOUND");
    expect((await pullRequest(number)).state).toBe("open");
  });

  it("merged request cannot be cancelled", async () => {
    const { id } = await openRequest();
    await sandbox.services.db.secretRequest.update({ where: { id }, data: { status: "MERGED" } });
    expect((await failure(cancelRequest(sandbox.services, requester, id))).code).toBe("CONFLICT");
  });

  it("GitHub failure restores the request", async () => {
    const { id, number, branch } = await openRequest();
    await fetch(`${sandbox.githubUrl}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "pulls/update", count: 5, status: 500 }),
    });

    const error = await failure(cancelRequest(sandbox.services, requester, id));
    await fetch(`${sandbox.githubUrl}/_sandbox/faults`, { method: "DELETE" });

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(error.code).toBe("UPSTREAM");
    expect(request.status).toBe("PR_OPEN");
    expect(request.activeProviderName).toBe(request.providerName);
    expect(branchExists(branch)).toBe(true);
    expect((await pullRequest(number)).state).toBe("open");
  });

  it("failed pull request without a pull request is cancelled", async () => {
    const { id, branch } = await openRequest();
    await sandbox.services.db.secretRequest.update({ where: { id }, data: { status: "PR_FAILED", pullRequestNumber: null } });

    await cancelRequest(sandbox.services, requester, id);

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe("CANCELLED");
    expect(branchExists(branch)).toBe(false);
  });
});

describe("isCancellable", () => {
  const now = new Date("2026-12-04T12:00:00Z");

  it("recent OPENING_PR is not cancellable", () => {
    expect(isCancellable({ status: "OPENING_PR", updatedAt: new Date(now.getTime() - 30_000) }, now)).toBe(false);
  });

  it("stuck OPENING_PR is cancellable", () => {
    expect(isCancellable({ status: "OPENING_PR", updatedAt: new Date(now.getTime() - 5 * 60_000) }, now)).toBe(true);
  });

  it("provisioned request is not cancellable", () => {
    expect(isCancellable({ status: "PROVISIONED", updatedAt: now }, now)).toBe(false);
  });
});
