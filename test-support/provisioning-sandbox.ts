import { Octokit } from "@octokit/rest";
import { expect } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { jobHandlers } from "@/lib/jobs/handlers";
import { startJobWorker } from "@/lib/jobs/worker";
import { createSecretRequest } from "@/lib/requests/create-request";
import type { Services } from "@/lib/services";

import { startTestSandbox, type TestSandbox } from "./services";

// Helpers for provisioning tests: a sandbox whose set-up client opens pull requests without
// the one-second write spacing, and a provisioning client with GitHub's retry plugins on
// but with millisecond waits.

export const SANDBOX_TOKEN = "test-portal-token";

export interface ProvisioningSandbox extends TestSandbox {
  developer: Actor;
  platform: Actor;
  /** Services whose GitHub client retries rate limits and 5xx as production does, with short waits. */
  retrying: Services;
}

export async function startProvisioningSandbox(): Promise<ProvisioningSandbox> {
  const sandbox = await startTestSandbox();
  const { db, config } = sandbox.services;

  const setupClient = createGitHubClient({ baseUrl: sandbox.githubUrl, token: SANDBOX_TOKEN, throttling: false });
  sandbox.services.github = createGitOpsRepository(setupClient, config.gitops);
  const retryingClient = createGitHubClient({
    baseUrl: sandbox.githubUrl,
    token: SANDBOX_TOKEN,
    retryUnitMs: 5,
    writeQueueKey: `${sandbox.githubUrl}#tests`,
  });
  const retrying = { ...sandbox.services, github: createGitOpsRepository(retryingClient, config.gitops) };

  const dana = await db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });
  const pat = await db.user.create({ data: { login: "pat-platform", name: "Pat Platform" } });
  return {
    ...sandbox,
    retrying,
    developer: resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, config),
    platform: resolveActor({ userId: pat.id, login: pat.login, name: pat.name, teams: ["platform"] }, config),
  };
}

export async function control(baseUrl: string, path: string, body?: unknown, method = "POST"): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path} returned ${response.status}`).toBe(true);
  return response.status === 204 ? null : response.json();
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface OpenedRequest {
  id: string;
  number: number;
}

/** Creates a request for a fresh secret name and opens its pull request. */
export async function openRequest(sandbox: ProvisioningSandbox, name: string): Promise<OpenedRequest> {
  const { id } = await createSecretRequest(sandbox.services, sandbox.developer, {
    environment: "dev",
    application: "payments-api",
    secretName: name,
    description: "Secret for provisioning tests",
    secretType: "Opaque",
    keys: ["password"],
    valueSource: "generated",
    refreshInterval: "1h",
  });
  const request = await sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
  return { id, number: request.pullRequestNumber ?? 0 };
}

/** Approves as the given reviewers and merges as pat-platform, then waits for the webhook to land. */
export async function mergeRequest(
  sandbox: ProvisioningSandbox,
  opened: OpenedRequest,
  options: { approvers?: string[]; waitForMerged?: boolean } = {},
): Promise<void> {
  for (const login of options.approvers ?? ["pat-platform"]) {
    await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/approve-as`, { login });
  }
  await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/merge-as`, { login: "pat-platform" });
  if (options.waitForMerged === false) return;

  const merged = await waitFor(
    () => sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id: opened.id } }),
    (request) => request.status === "MERGED",
  );
  expect(merged.status).toBe("MERGED");
}

/** Runs every due job with the given services until none is left. */
export async function drainJobs(services: Services): Promise<void> {
  const worker = startJobWorker(services, { handlers: jobHandlers, pollIntervalMs: 60_000 });
  await worker.drain();
  await worker.stop();
}

/** Makes every queued job due now, so a test need not wait out the backoff. */
export async function makeJobsDue(services: Services): Promise<void> {
  await services.db.job.updateMany({ where: { status: "QUEUED" }, data: { runAt: new Date(Date.now() - 1_000) } });
}

export interface SimulatedSecret {
  name: string;
  arn: string;
  tags?: Array<{ Key: string; Value: string }>;
  versions?: Array<{ versionId: string; stages: string[] }>;
}

export async function listSimulatedSecrets(awsUrl: string): Promise<SimulatedSecret[]> {
  const response = await fetch(`${awsUrl}/_sandbox/secrets`);
  const body = (await response.json()) as { secrets: SimulatedSecret[] };
  return body.secrets;
}

/** Pushes one new file to a branch through the Git database API, as a person with write access would. */
export async function pushToBranch(sandbox: ProvisioningSandbox, branch: string, path: string, content: string): Promise<string> {
  const octokit = new Octokit({ baseUrl: sandbox.githubUrl, auth: SANDBOX_TOKEN });
  const repository = { owner: "acme", repo: "gitops" };
  const { data: ref } = await octokit.rest.git.getRef({ ...repository, ref: `heads/${branch}` });
  const { data: parent } = await octokit.rest.git.getCommit({ ...repository, commit_sha: ref.object.sha });
  const { data: tree } = await octokit.rest.git.createTree({
    ...repository,
    base_tree: parent.tree.sha,
    tree: [{ path, mode: "100644", type: "blob", content }],
  });
  const { data: commit } = await octokit.rest.git.createCommit({ ...repository, message: `Add ${path}`, tree: tree.sha, parents: [parent.sha] });
  await octokit.rest.git.updateRef({ ...repository, ref: `heads/${branch}`, sha: commit.sha });
  return commit.sha;
}
