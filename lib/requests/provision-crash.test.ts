import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startChildWorkerSandbox, startWorkerProcess, type ChildWorkerSandbox } from "@/test-support/child-worker-sandbox";
import { control, listSimulatedSecrets } from "@/test-support/provisioning-sandbox";

import { createSecretRequest } from "./create-request";
import { reconcileRequests } from "./reconcile-requests";

// The worker runs in a child process that is SIGKILLed while a simulator holds one of its
// calls open; a second worker then finishes the request. Each case must end with one
// secret version and one pull request comment.

let sandbox: ChildWorkerSandbox;

const STEPS = [
  { name: "check-reviews", simulator: "github", operation: "pulls/list-reviews", log: '"step":"check-reviews"' },
  { name: "verify-manifest", simulator: "github", operation: "repos/get-content", log: '"step":"verify-manifest"' },
  { name: "generate-value", simulator: "aws", operation: "GetRandomPassword", log: '"step":"generate-value"' },
  { name: "create-secret", simulator: "aws", operation: "CreateSecret", log: '"step":"create-secret"' },
  { name: "comment", simulator: "github", operation: "issues/create-comment", log: "secret provisioned" },
] as const;

async function mergedRequest(name: string): Promise<{ id: string; number: number }> {
  const { id } = await createSecretRequest(sandbox.services, sandbox.developer, {
    environment: "dev",
    application: "payments-api",
    secretName: name,
    description: "Secret for crash tests",
    secretType: "Opaque",
    keys: ["password"],
    valueSource: "generated",
    refreshInterval: "1h",
  });
  const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
  const number = request.pullRequestNumber ?? 0;
  await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${number}/approve-as`, { login: "pat-platform" });
  await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${number}/merge-as`, { login: "pat-platform" });
  await reconcileRequests(sandbox.services);
  return { id, number };
}

async function addLatency(step: (typeof STEPS)[number]): Promise<void> {
  const url = step.simulator === "github" ? sandbox.githubUrl : sandbox.awsUrl;
  await control(url, "/_sandbox/latency", { operation: step.operation, ms: 5_000 });
}

async function clearLatency(): Promise<void> {
  await control(sandbox.githubUrl, "/_sandbox/latency", undefined, "DELETE");
  await control(sandbox.awsUrl, "/_sandbox/latency", undefined, "DELETE");
}

async function comments(number: number, marker: string): Promise<number> {
  const response = await fetch(`${sandbox.githubUrl}/repos/acme/gitops/issues/${number}/comments?per_page=100`, {
    headers: { authorization: "token test-portal-token" },
  });
  return ((await response.json()) as Array<{ body: string }>).filter((comment) => comment.body.includes(marker)).length;
}

beforeAll(async () => {
  sandbox = await startChildWorkerSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

describe("worker process", () => {
  it("runs as the signalled process", async () => {
    await sandbox.releaseDatabase();
    const worker = startWorkerProcess(sandbox.workerEnv);
    const ready = JSON.parse(await worker.waitForLog("provision worker ready")) as { pid: number };
    expect(await worker.exited).toBe(0);
    await sandbox.reopenDatabase();

    expect(ready.pid).toBe(worker.child.pid);
  }, 60_000);
});

describe("worker killed mid-step", () => {
  it.each(STEPS)("killed during $name recovers", async (step) => {
    const opened = await mergedRequest(`crashed-in-${step.name.replace(/-/g, "")}`);
    expect((await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id: opened.id } })).status).toBe("MERGED");

    await addLatency(step);
    await sandbox.releaseDatabase();
    const first = startWorkerProcess(sandbox.workerEnv);
    await first.waitForLog(step.log, opened.id);
    // Let the call reach the simulator, which holds it for the injected latency.
    await new Promise((resolve) => setTimeout(resolve, 700));
    first.child.kill("SIGKILL");
    await first.exited;
    await clearLatency();

    // The stale-job check runs at start with no grace, because the first worker is dead.
    const second = startWorkerProcess({ ...sandbox.workerEnv, REQUEUE_STALE_MS: "0" });
    expect(await second.exited).toBe(0);
    await sandbox.reopenDatabase();

    const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id: opened.id } });
    expect(request.status).toBe("PROVISIONED");
    const secrets = (await listSimulatedSecrets(sandbox.awsUrl)).filter((secret) => secret.name === request.providerName);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.versions).toHaveLength(1);
    expect(await comments(opened.number, `secrets-portal:provisioned:${opened.id}`)).toBe(1);
  }, 240_000);
});
