import { randomUUID } from "node:crypto";

import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Services } from "@/lib/services";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import { databaseOnlyServices } from "@/test-support/services";

import { receiveGitHubDelivery, type Delivery } from "./receive-delivery";

const SECRET = "webhook-secret-for-tests-0123456789";
const BRANCH = "secrets-portal/dev/payments-api/db-password-0000";

let database: TestDatabase;
let services: Services;
let requestId: string;

function mergedPayload(overrides: { repository?: string; merged?: boolean } = {}): string {
  return JSON.stringify({
    action: "closed",
    number: 7,
    repository: { full_name: overrides.repository ?? "acme/gitops" },
    sender: { login: "pat-platform" },
    pull_request: {
      number: 7,
      merged: overrides.merged ?? true,
      merge_commit_sha: "a".repeat(40),
      merged_by: { login: "pat-platform" },
      head: { ref: BRANCH, sha: "b".repeat(40) },
    },
  });
}

async function signed(rawBody: string, event = "pull_request", deliveryId: string = randomUUID()): Promise<Delivery> {
  return { rawBody, event, deliveryId, signature: await sign(SECRET, rawBody) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  services = databaseOnlyServices(database.db, "the webhook receiver");
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  const { db } = services;
  await db.job.deleteMany();
  await db.webhookDelivery.deleteMany();
  await db.auditEvent.deleteMany();
  await db.secretRequest.deleteMany();
  const user = await db.user.upsert({ where: { login: "dana-dev" }, create: { login: "dana-dev", name: "Dana" }, update: {} });
  const request = await db.secretRequest.create({
    data: {
      environment: "dev",
      application: "payments-api",
      secretName: "db-password",
      providerName: "/dev/payments-api/db-password",
      activeProviderName: "/dev/payments-api/db-password",
      namespace: "payments-dev",
      kubernetesName: "db-password",
      secretType: "Opaque",
      keyNames: ["password"],
      valueSource: "GENERATED",
      refreshInterval: "1h",
      description: "Database password",
      status: "PR_OPEN",
      requesterId: user.id,
      pullRequestNumber: 7,
      branchName: BRANCH,
    },
  });
  requestId = request.id;
});

describe("webhook signature", () => {
  it("unsigned delivery is rejected", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, { ...(await signed(mergedPayload())), signature: null });
    expect(result.status).toBe(401);
    expect(await services.db.webhookDelivery.count()).toBe(0);
  });

  it("signature with another secret is rejected", async () => {
    const body = mergedPayload();
    const result = await receiveGitHubDelivery(services, SECRET, {
      ...(await signed(body)),
      signature: await sign("some-other-secret-entirely", body),
    });
    expect(result.status).toBe(401);
    expect((await services.db.secretRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("PR_OPEN");
  });

  it("tampered body is rejected", async () => {
    const delivery = await signed(mergedPayload({ merged: false }));
    const result = await receiveGitHubDelivery(services, SECRET, { ...delivery, rawBody: mergedPayload({ merged: true }) });
    expect(result.status).toBe(401);
    expect(await services.db.job.count()).toBe(0);
  });

  it("sha1 signature header alone is rejected", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, { ...(await signed(mergedPayload())), signature: "sha1=deadbeef" });
    expect(result.status).toBe(401);
  });
});

describe("webhook handling", () => {
  it("merge queues provisioning", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, await signed(mergedPayload()));
    expect(result.status).toBe(202);
    const request = await services.db.secretRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("MERGED");
    expect(request.mergeCommitSha).toBe("a".repeat(40));
    expect(request.mergedBy).toBe("pat-platform");
    expect(await services.db.job.count({ where: { kind: "provision-secret" } })).toBe(1);
  });

  it("repeated delivery id changes nothing", async () => {
    const delivery = await signed(mergedPayload());
    const first = await receiveGitHubDelivery(services, SECRET, delivery);
    const second = await receiveGitHubDelivery(services, SECRET, delivery);
    expect(first.outcome).toBe("accepted");
    expect(second.outcome).toBe("duplicate");
    expect(second.status).toBe(200);
    expect(await services.db.job.count()).toBe(1);
    expect(await services.db.auditEvent.count({ where: { action: "pull_request.merged" } })).toBe(1);
  });

  it("concurrent duplicates queue one job", async () => {
    const delivery = await signed(mergedPayload());
    const results = await Promise.all(Array.from({ length: 50 }, () => receiveGitHubDelivery(services, SECRET, delivery)));
    expect(results.filter((result) => result.outcome === "accepted")).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "duplicate")).toHaveLength(49);
    expect(await services.db.job.count()).toBe(1);
  });

  it("same merge under new delivery ids queues one job", async () => {
    const body = mergedPayload();
    await receiveGitHubDelivery(services, SECRET, await signed(body));
    await receiveGitHubDelivery(services, SECRET, await signed(body));
    expect(await services.db.job.count()).toBe(1);
    expect(await services.db.webhookDelivery.count()).toBe(2);
  });

  it("close without merge rejects and frees the name", async () => {
    await receiveGitHubDelivery(services, SECRET, await signed(mergedPayload({ merged: false })));
    const request = await services.db.secretRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("REJECTED");
    expect(request.activeProviderName).toBeNull();
    expect(await services.db.job.count()).toBe(0);
  });

  it("other repository is ignored", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, await signed(mergedPayload({ repository: "evil/gitops" })));
    expect(result.outcome).toBe("ignored");
    expect((await services.db.secretRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("PR_OPEN");
  });

  it("unknown event is ignored", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, await signed("{}", "issues"));
    expect(result.status).toBe(202);
    expect(result.outcome).toBe("ignored");
  });

  it("malformed JSON is refused", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, await signed("{not json"));
    expect(result.status).toBe(400);
  });

  it("missing delivery id is refused", async () => {
    const result = await receiveGitHubDelivery(services, SECRET, { ...(await signed(mergedPayload())), deliveryId: null });
    expect(result.status).toBe(400);
  });

  it("approval review is recorded", async () => {
    const body = JSON.stringify({
      action: "submitted",
      repository: { full_name: "acme/gitops" },
      review: { state: "approved", user: { login: "pat-platform" } },
      pull_request: { number: 7, head: { ref: BRANCH, sha: "b".repeat(40) } },
    });
    const result = await receiveGitHubDelivery(services, SECRET, await signed(body, "pull_request_review"));
    expect(result.status).toBe(202);
    expect((await services.db.secretRequest.findUniqueOrThrow({ where: { id: requestId } })).reviewState).toBe("APPROVED");
  });
});
