import { verify } from "@octokit/webhooks-methods";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  commitFiles,
  createOctokit,
  expectWebhookPayload,
  OWNER,
  REPO,
  startTestSimulator,
  startWebhookReceiver,
  unusedPort,
  WEBHOOK_SECRET,
  type ReceivedDelivery,
  type TestSimulator,
  type WebhookReceiver,
} from "./test-support/simulator-fixture";

const repo = { owner: OWNER, repo: REPO };
let receiver: WebhookReceiver;
let sandbox: TestSimulator;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startTestSimulator({
    webhook: { url: receiver.url, secret: WEBHOOK_SECRET },
    tokens: ["sandbox-test-token", { token: "pat-token", login: "pat-platform" }],
  });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/webhooks`, { method: "POST", body: JSON.stringify({ enabled: true }) });
});

function isEvent(event: string, action: string, number?: number) {
  return (delivery: ReceivedDelivery): boolean =>
    delivery.headers["x-github-event"] === event &&
    delivery.payload.action === action &&
    (number === undefined || (delivery.payload.pull_request as { number: number }).number === number);
}

// Waits for a matching delivery and checks its X-Hub-Signature-256 before returning it.
async function receiveSigned(predicate: (delivery: ReceivedDelivery) => boolean): Promise<ReceivedDelivery> {
  const delivery = await receiver.waitFor(predicate);
  expect(await verify(WEBHOOK_SECRET, delivery.body, String(delivery.headers["x-hub-signature-256"]))).toBe(true);
  return delivery;
}

async function openPull(branch: string): Promise<number> {
  await commitFiles(sandbox.octokit, branch, { [`${branch}.txt`]: `${branch}\n` });
  const created = await sandbox.octokit.pulls.create({ ...repo, title: `Add ${branch}`, head: branch, base: "main" });
  return created.data.number;
}

describe("pull_request deliveries", () => {
  it("opened is signed and valid", async () => {
    const number = await openPull("hooks/opened");
    const delivery = await receiveSigned(isEvent("pull_request", "opened", number));

    const signature = String(delivery.headers["x-hub-signature-256"]);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verify(WEBHOOK_SECRET, delivery.body, signature)).toBe(true);
    expect(await verify("another-secret", delivery.body, signature)).toBe(false);

    expect(delivery.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery.headers["x-github-hook-id"]).toBe("1");
    expect(delivery.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.payload.installation).toMatchObject({ id: 1 });
    expectWebhookPayload("webhook-pull-request-opened", delivery.payload);
  });

  it("synchronize when head moves", async () => {
    const number = await openPull("hooks/sync");
    const after = await commitFiles(sandbox.octokit, "hooks/sync", { "hooks/sync-2.txt": "two\n" });
    const delivery = await receiveSigned(isEvent("pull_request", "synchronize", number));
    expect(delivery.payload.after).toBe(after);
    expectWebhookPayload("webhook-pull-request-synchronize", delivery.payload);
  });

  it("edited carries changes", async () => {
    const number = await openPull("hooks/edited");
    await sandbox.octokit.pulls.update({ ...repo, pull_number: number, title: "Renamed" });
    const delivery = await receiveSigned(isEvent("pull_request", "edited", number));
    expect(delivery.payload.changes).toEqual({ title: { from: "Add hooks/edited" } });
    expectWebhookPayload("webhook-pull-request-edited", delivery.payload);
  });

  it("closed and reopened", async () => {
    const number = await openPull("hooks/reopen");
    await sandbox.octokit.pulls.update({ ...repo, pull_number: number, state: "closed" });
    const closed = await receiveSigned(isEvent("pull_request", "closed", number));
    expect((closed.payload.pull_request as { merged: boolean }).merged).toBe(false);
    expectWebhookPayload("webhook-pull-request-closed", closed.payload);

    await sandbox.octokit.pulls.update({ ...repo, pull_number: number, state: "open" });
    const reopened = await receiveSigned(isEvent("pull_request", "reopened", number));
    expectWebhookPayload("webhook-pull-request-reopened", reopened.payload);
  });

  it("merged close names merger", async () => {
    const number = await openPull("hooks/merged");
    const pat = createOctokit(sandbox.url, "pat-token");
    const merge = await pat.pulls.merge({ ...repo, pull_number: number });
    const delivery = await receiveSigned(isEvent("pull_request", "closed", number));

    const pull = delivery.payload.pull_request as { merged: boolean; merged_by: { login: string }; merge_commit_sha: string };
    expect(pull.merged).toBe(true);
    expect(pull.merged_by.login).toBe("pat-platform");
    expect(pull.merge_commit_sha).toBe(merge.data.sha);
    expect((delivery.payload.sender as { login: string }).login).toBe("pat-platform");
    expectWebhookPayload("webhook-pull-request-closed", delivery.payload);
  });
});

describe("pull_request_review deliveries", () => {
  it("approval is submitted approved", async () => {
    const number = await openPull("hooks/review");
    await createOctokit(sandbox.url, "pat-token").pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
    const delivery = await receiveSigned(isEvent("pull_request_review", "submitted", number));
    expect((delivery.payload.review as { state: string }).state).toBe("approved");
    expectWebhookPayload("webhook-pull-request-review-submitted", delivery.payload);
  });

  it("approve-as control endpoint", async () => {
    const number = await openPull("hooks/approve-as");
    const response = await fetch(`${sandbox.url}/_sandbox/pulls/${OWNER}/${REPO}/${number}/approve-as`, {
      method: "POST",
      body: JSON.stringify({ login: "dana-dev", body: "ok" }),
    });
    expect(response.status).toBe(200);
    const delivery = await receiveSigned(isEvent("pull_request_review", "submitted", number));
    expect((delivery.payload.sender as { login: string }).login).toBe("dana-dev");
  });

  it("changes requested state", async () => {
    const number = await openPull("hooks/changes");
    await createOctokit(sandbox.url, "pat-token").pulls.createReview({
      ...repo,
      pull_number: number,
      event: "REQUEST_CHANGES",
      body: "Use a shorter refresh interval",
    });
    const delivery = await receiveSigned(isEvent("pull_request_review", "submitted", number));
    expect((delivery.payload.review as { state: string }).state).toBe("changes_requested");
    expectWebhookPayload("webhook-pull-request-review-submitted", delivery.payload);
  });
});

describe("delivery control", () => {
  it("merge-as control endpoint", async () => {
    const number = await openPull("hooks/merge-as");
    const response = await fetch(`${sandbox.url}/_sandbox/pulls/${OWNER}/${REPO}/${number}/merge-as`, {
      method: "POST",
      body: JSON.stringify({ login: "pat-platform" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sha: string };
    const delivery = await receiveSigned(isEvent("pull_request", "closed", number));
    expect((delivery.payload.pull_request as { merge_commit_sha: string }).merge_commit_sha).toBe(body.sha);
  });

  it("disabled deliveries are skipped", async () => {
    await fetch(`${sandbox.url}/_sandbox/webhooks`, { method: "POST", body: JSON.stringify({ enabled: false }) });
    const number = await openPull("hooks/disabled");
    await sandbox.simulator.webhooksIdle();

    expect(receiver.received.some(isEvent("pull_request", "opened", number))).toBe(false);
    const listing = (await (await fetch(`${sandbox.url}/_sandbox/deliveries`)).json()) as Array<Record<string, unknown>>;
    const record = listing.find((item) => item.action === "opened" && item.status === "skipped");
    expect(record).toBeDefined();
  });

  it("redelivery keeps the guid", async () => {
    const number = await openPull("hooks/redeliver");
    const original = await receiver.waitFor(isEvent("pull_request", "opened", number));
    const guid = String(original.headers["x-github-delivery"]);

    const response = await fetch(`${sandbox.url}/_sandbox/deliveries/${guid}/redeliver`, { method: "POST" });
    expect(response.status).toBe(202);
    await sandbox.simulator.webhooksIdle();

    const copies = receiver.received.filter((delivery) => delivery.headers["x-github-delivery"] === guid);
    expect(copies).toHaveLength(2);
    expect(copies[1]?.body).toBe(copies[0]?.body);
  });

  it("listing records status codes", async () => {
    await openPull("hooks/listing");
    const listing = (await (await fetch(`${sandbox.url}/_sandbox/deliveries?wait=1`)).json()) as Array<Record<string, unknown>>;
    const latest = listing[0];
    expect(latest).toMatchObject({ event: "pull_request", action: "opened", status: "delivered", status_code: 202 });
  });
});

describe("unreachable receiver", () => {
  it("retries then records failure", async () => {
    const port = await unusedPort();
    const lonely = await startTestSimulator({ webhook: { url: `http://127.0.0.1:${port}/hook`, secret: WEBHOOK_SECRET } });
    try {
      await commitFiles(lonely.octokit, "hooks/down", { "down.txt": "d\n" });
      await lonely.octokit.pulls.create({ ...repo, title: "Down", head: "hooks/down", base: "main" });
      await lonely.simulator.webhooksIdle();

      const listing = (await (await fetch(`${lonely.url}/_sandbox/deliveries`)).json()) as Array<Record<string, unknown>>;
      expect(listing[0]).toMatchObject({ status: "failed", status_code: null, attempts: 4 });
      expect(String(listing[0]?.error)).toContain("ECONNREFUSED");
    } finally {
      await lonely.stop();
    }
  });
});
