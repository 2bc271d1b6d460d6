import { CreateSecretCommand, DeleteSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { receiveGitHubDelivery } from "@/lib/webhooks/github/receive-delivery";
import {
  control,
  drainJobs,
  listSimulatedSecrets,
  makeJobsDue,
  mergeRequest,
  openRequest,
  pushToBranch,
  startProvisioningSandbox,
  type ProvisioningSandbox,
  waitFor,
} from "@/test-support/provisioning-sandbox";
import { TEST_WEBHOOK_SECRET } from "@/test-support/services";

import { provisionJobKey } from "./handle-pull-request-event";
import { REQUEST_ID_TAG } from "./provision-secret";
import { reconcileRequests } from "./reconcile-requests";

let sandbox: ProvisioningSandbox;
let counter = 0;

function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

function awsClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: sandbox.awsUrl,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

async function readRequest(id: string) {
  return sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
}

async function auditActions(id: string): Promise<string[]> {
  const events = await sandbox.services.db.auditEvent.findMany({ where: { requestId: id }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.action);
}

async function provisionJob(id: string) {
  return sandbox.services.db.job.findUniqueOrThrow({ where: { dedupeKey: provisionJobKey(id) } });
}

async function commentsWithMarker(number: number, marker: string): Promise<number> {
  const response = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/issues/${number}/comments?per_page=100`, {
    headers: { authorization: "token test-portal-token" },
  });
  const comments = (await response.json()) as Array<{ body: string }>;
  return comments.filter((comment) => comment.body.includes(marker)).length;
}

async function mergedRequest(prefix: string, approvers?: string[]): Promise<{ id: string; number: number }> {
  const opened = await openRequest(sandbox, uniqueName(prefix));
  await mergeRequest(sandbox, opened, { approvers });
  return opened;
}

beforeAll(async () => {
  sandbox = await startProvisioningSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

afterEach(async () => {
  await control(sandbox.githubUrl, "/_sandbox/faults", undefined, "DELETE");
  await control(sandbox.awsUrl, "/_sandbox/faults", undefined, "DELETE");
  await control(sandbox.githubUrl, "/_sandbox/webhooks", { enabled: true });
});

describe("exactly once", { timeout: 120_000 }, () => {
  it("duplicate merge deliveries provision once", async () => {
    const opened = await mergedRequest("dup");
    const list = (await control(sandbox.githubUrl, "/_sandbox/deliveries?wait=1", undefined, "GET")) as Array<{ id: number; event: string; action: string }>;
    const summary = list.find((delivery) => delivery.event === "pull_request" && delivery.action === "closed");
    expect(summary).toBeDefined();
    const recorded = (await control(sandbox.githubUrl, `/_sandbox/deliveries/${summary?.id}`, undefined, "GET")) as {
      request: { headers: Record<string, string>; payload: unknown };
    };
    const rawBody = JSON.stringify(recorded.request.payload);
    const delivery = {
      rawBody,
      event: "pull_request",
      deliveryId: recorded.request.headers["X-GitHub-Delivery"] ?? recorded.request.headers["x-github-delivery"] ?? null,
      signature: await sign(TEST_WEBHOOK_SECRET, rawBody),
    };

    const results = await Promise.all(Array.from({ length: 50 }, () => receiveGitHubDelivery(sandbox.services, TEST_WEBHOOK_SECRET, delivery)));
    expect(results.every((result) => result.outcome === "duplicate")).toBe(true);
    await Promise.all([drainJobs(sandbox.services), drainJobs(sandbox.services)]);

    // Redelivered an hour later, under the same id and under a new one, and the reconciler
    // runs then too. Only Date moves, because the simulators and drains need real timers.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60 * 60_000 });
    try {
      await control(sandbox.githubUrl, `/_sandbox/deliveries/${summary?.id}/redeliver`);
      await control(sandbox.githubUrl, "/_sandbox/deliveries?wait=1", undefined, "GET");
      const fresh = await receiveGitHubDelivery(sandbox.services, TEST_WEBHOOK_SECRET, { ...delivery, deliveryId: `${delivery.deliveryId}-later` });
      expect(fresh.outcome).toBe("accepted");
      await drainJobs(sandbox.services);
      await reconcileRequests(sandbox.services);
      await drainJobs(sandbox.services);
    } finally {
      vi.useRealTimers();
    }

    const request = await readRequest(opened.id);
    expect(request.status).toBe("PROVISIONED");
    const secrets = (await listSimulatedSecrets(sandbox.awsUrl)).filter((secret) => secret.arn === request.secretArn);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.versions).toHaveLength(1);
    expect(await commentsWithMarker(opened.number, `secrets-portal:provisioned:${opened.id}`)).toBe(1);
    expect((await auditActions(opened.id)).filter((action) => action === "secret.provisioned")).toHaveLength(1);
  });

  it("existing secret tagged for the request is adopted", async () => {
    const opened = await openRequest(sandbox, uniqueName("adopt"));
    const request = await readRequest(opened.id);
    const created = await awsClient().send(
      new CreateSecretCommand({ Name: request.providerName, SecretString: "{}", Tags: [{ Key: REQUEST_ID_TAG, Value: opened.id }] }),
    );
    await mergeRequest(sandbox, opened);
    await drainJobs(sandbox.services);

    const provisioned = await readRequest(opened.id);
    expect(provisioned.status).toBe("PROVISIONED");
    expect(provisioned.secretArn).toBe(created.ARN);
  });

  it("existing secret of someone else is a conflict", async () => {
    const opened = await openRequest(sandbox, uniqueName("foreign"));
    const request = await readRequest(opened.id);
    await awsClient().send(new CreateSecretCommand({ Name: request.providerName, SecretString: "{}", Tags: [{ Key: "team", Value: "other" }] }));
    await mergeRequest(sandbox, opened);
    await drainJobs(sandbox.services);

    const failed = await readRequest(opened.id);
    expect(failed.status).toBe("PROVISIONING_FAILED");
    expect(failed.statusDetail).toContain("belongs to no portal request");
    expect((await provisionJob(opened.id)).status).toBe("FAILED");
  });
});

describe("four eyes", { timeout: 120_000 }, () => {
  it("merge without approval is refused", async () => {
    const opened = await mergedRequest("unapproved", []);
    await drainJobs(sandbox.services);

    const request = await readRequest(opened.id);
    expect(request.status).toBe("PROVISIONING_FAILED");
    expect(request.statusDetail).toContain("four-eyes");
    expect(request.statusDetail).toContain("Merged by pat-platform");
    const event = await sandbox.services.db.auditEvent.findFirst({ where: { requestId: opened.id, action: "secret.four_eyes_failed" } });
    expect(event?.detail).toMatchObject({ mergedBy: "pat-platform", requester: "dana-dev", required: 1 });
    expect((await listSimulatedSecrets(sandbox.awsUrl)).some((secret) => secret.name === request.providerName)).toBe(false);
  });

  it("approval before a later push does not count", async () => {
    const opened = await openRequest(sandbox, uniqueName("pushed-after-approval"));
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/approve-as`, { login: "pat-platform" });
    const approved = await waitFor(() => readRequest(opened.id), (request) => request.reviewState === "APPROVED");
    expect(approved.reviewState).toBe("APPROVED");

    await pushToBranch(sandbox, approved.branchName ?? "", `notes/${opened.id}.txt`, "Pushed after the approval\n");
    const pushed = await waitFor(() => readRequest(opened.id), (request) => request.headSha !== approved.headSha);
    expect(pushed.reviewState).toBe("PENDING");

    await mergeRequest(sandbox, opened, { approvers: [] });
    await drainJobs(sandbox.services);

    const request = await readRequest(opened.id);
    expect(request.status).toBe("PROVISIONING_FAILED");
    expect(request.statusDetail).toContain(`approvals of commits before the merged head ${request.headSha?.slice(0, 7)} do not count (pat-platform)`);
    const event = await sandbox.services.db.auditEvent.findFirst({ where: { requestId: opened.id, action: "secret.four_eyes_failed" } });
    expect(event?.detail).toMatchObject({ approvers: [], staleApprovers: ["pat-platform"] });
  });

  it("requester approval does not count", async () => {
    const opened = await mergedRequest("self-approved", ["dana-dev"]);
    await drainJobs(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("PROVISIONING_FAILED");
  });

  it("retry after a late approval provisions", async () => {
    const opened = await mergedRequest("late-approval", []);
    await drainJobs(sandbox.services);
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/approve-as`, { login: "pat-platform" });

    const { retryRequest } = await import("./retry-request");
    await retryRequest(sandbox.services, sandbox.platform, opened.id);
    await drainJobs(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("PROVISIONED");
  });
});

describe("reconciler", { timeout: 120_000 }, () => {
  it("missed merge webhook is provisioned", async () => {
    await control(sandbox.githubUrl, "/_sandbox/webhooks", { enabled: false });
    const opened = await openRequest(sandbox, uniqueName("missed"));
    await mergeRequest(sandbox, opened, { waitForMerged: false });
    expect((await readRequest(opened.id)).status).toBe("PR_OPEN");

    const result = await reconcileRequests(sandbox.services);
    expect(result.merged).toBe(1);
    expect(result.reviewed).toBe(1);
    await drainJobs(sandbox.services);

    expect((await readRequest(opened.id)).status).toBe("PROVISIONED");
    const merged = await sandbox.services.db.auditEvent.findFirst({ where: { requestId: opened.id, action: "pull_request.merged" } });
    expect(merged?.actor).toBe("system:reconciler");
    expect(merged?.detail).toMatchObject({ mergedBy: "pat-platform" });
  });

  it("missed push leaves a stale approval pending", async () => {
    const opened = await openRequest(sandbox, uniqueName("missed-push"));
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/approve-as`, { login: "pat-platform" });
    const approved = await waitFor(() => readRequest(opened.id), (request) => request.reviewState === "APPROVED");
    expect(approved.reviewState).toBe("APPROVED");

    await control(sandbox.githubUrl, "/_sandbox/webhooks", { enabled: false });
    await pushToBranch(sandbox, approved.branchName ?? "", `notes/${opened.id}.txt`, "Pushed while webhooks were off\n");
    const result = await reconcileRequests(sandbox.services);

    expect(result.reviewed).toBe(1);
    expect((await readRequest(opened.id)).reviewState).toBe("PENDING");

    // Closed, so later merges in this file do not rebuild and comment on this pull request.
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/close-as`, { login: "pat-platform" });
    await reconcileRequests(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("REJECTED");
  });

  it("missed close webhook rejects", async () => {
    await control(sandbox.githubUrl, "/_sandbox/webhooks", { enabled: false });
    const opened = await openRequest(sandbox, uniqueName("closed"));
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/close-as`, { login: "pat-platform" });

    await reconcileRequests(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("REJECTED");
  });

  it("merged request without a live job is queued again", async () => {
    const opened = await mergedRequest("orphan");
    await sandbox.services.db.job.update({ where: { dedupeKey: provisionJobKey(opened.id) }, data: { status: "SUCCEEDED" } });

    const result = await reconcileRequests(sandbox.services, { mergedGraceMs: 0 });
    expect(result.requeuedJobs).toBe(1);
    await drainJobs(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("PROVISIONED");
  });
});

describe("AWS errors", { timeout: 120_000 }, () => {
  it.each([
    ["ThrottlingException", 400],
    ["InternalServiceError", 500],
  ])("%s is retried by the job", async (error, status) => {
    const opened = await mergedRequest("aws-retry");
    // The sandbox vault makes two SDK attempts, so two faults fail one job attempt.
    await control(sandbox.awsUrl, "/_sandbox/faults", { operation: "CreateSecret", count: 2, error, status });
    await drainJobs(sandbox.services);

    const retrying = await readRequest(opened.id);
    expect(retrying.status).toBe("MERGED");
    expect(retrying.statusDetail).toContain(`Attempt 1 of 8 failed and will be retried`);
    expect(retrying.statusDetail).toContain(error);
    const job = await provisionJob(opened.id);
    expect(job.status).toBe("QUEUED");
    expect(job.lastError).toContain(error);
    expect(await auditActions(opened.id)).toContain("secret.provisioning_attempt_failed");

    await makeJobsDue(sandbox.services);
    await drainJobs(sandbox.services);
    expect((await readRequest(opened.id)).status).toBe("PROVISIONED");
  });

  it("name scheduled for deletion is reported", async () => {
    const opened = await openRequest(sandbox, uniqueName("deleted"));
    const request = await readRequest(opened.id);
    await awsClient().send(new CreateSecretCommand({ Name: request.providerName, SecretString: "{}" }));
    await awsClient().send(new DeleteSecretCommand({ SecretId: request.providerName }));
    await mergeRequest(sandbox, opened);
    await drainJobs(sandbox.services);

    const failed = await readRequest(opened.id);
    expect(failed.status).toBe("PROVISIONING_FAILED");
    expect(failed.statusDetail).toContain("scheduled for deletion");
    expect(failed.statusDetail).toContain("restore-secret");
    const job = await provisionJob(opened.id);
    expect(job.status).toBe("FAILED");
    expect(job.attempts).toBe(1);
    expect(await auditActions(opened.id)).toContain("secret.provisioning_failed");
  });

  it("access denied names the action and ARN", async () => {
    const opened = await mergedRequest("denied");
    await control(sandbox.awsUrl, "/_sandbox/faults", { operation: "CreateSecret", count: 1, error: "AccessDeniedException" });
    await drainJobs(sandbox.services);

    const failed = await readRequest(opened.id);
    expect(failed.status).toBe("PROVISIONING_FAILED");
    expect(failed.statusDetail).toContain("secretsmanager:CreateSecret");
    expect(failed.statusDetail).toContain("arn:aws:iam::");
    expect((await provisionJob(opened.id)).attempts).toBe(1);
  });
});

describe("GitHub errors", { timeout: 120_000 }, () => {
  it.each([
    ["429 with retry-after", { status: 429, retryAfter: 1 }],
    ["403 secondary limit with retry-after", { status: 403, retryAfter: 1 }],
    ["403 secondary limit without retry-after", { status: 403, message: "You have exceeded a secondary rate limit." }],
    ["502", { status: 502 }],
  ])("%s is retried by Octokit", async (_name, fault) => {
    const opened = await mergedRequest("gh-retry");
    await control(sandbox.githubUrl, "/_sandbox/faults", { operation: "pulls/list-reviews", count: 1, ...fault });
    await drainJobs(sandbox.retrying);

    expect((await readRequest(opened.id)).status).toBe("PROVISIONED");
    expect((await provisionJob(opened.id)).attempts).toBe(1);
  });

  it("comment failing past retries is retried by the job", async () => {
    const opened = await mergedRequest("gh-comment");
    await control(sandbox.githubUrl, "/_sandbox/faults", { operation: "issues/create-comment", count: 4, status: 500 });
    await drainJobs(sandbox.retrying);

    const job = await sandbox.services.db.job.findUniqueOrThrow({ where: { dedupeKey: `comment:provisioned:${opened.id}` } });
    expect(job.status).toBe("QUEUED");
    expect(job.lastError).toContain("HTTP 500");

    await makeJobsDue(sandbox.services);
    await drainJobs(sandbox.retrying);
    expect(await commentsWithMarker(opened.number, `secrets-portal:provisioned:${opened.id}`)).toBe(1);
  });
});
