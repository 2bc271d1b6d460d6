import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { Octokit } from "@octokit/rest";
import { expect } from "vitest";

import { startGitHubSimulator, type GitHubSimulator, type GitHubSimulatorOptions } from "../server";
import { describeErrors, restResponseValidator, webhookPayloadValidator } from "./openapi-validator";

const execFileAsync = promisify(execFile);

export const OWNER = "acme";
export const REPO = "gitops";
export const TOKEN = "sandbox-test-token";
export const WEBHOOK_SECRET = "sandbox-webhook-secret";
export const PERSONAS = [
  { login: "pat-platform", name: "Pat Platform" },
  { login: "dana-dev", name: "Dana Developer" },
];

export interface TestSimulator {
  simulator: GitHubSimulator;
  url: string;
  dataDir: string;
  octokit: Octokit;
  gitDir: string;
  stop(): Promise<void>;
}

const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function createOctokit(url: string, token: string = TOKEN): Octokit {
  return new Octokit({ baseUrl: url, auth: token, log: silentLog });
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "github-simulator-"));
}

// Starts a simulator on 127.0.0.1 with a random port and, unless given, a fresh data directory.
export async function startTestSimulator(overrides: Partial<GitHubSimulatorOptions> = {}): Promise<TestSimulator> {
  const ownDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await makeDataDir());
  const simulator = await startGitHubSimulator({
    host: "127.0.0.1",
    port: 0,
    repositories: [{ owner: OWNER, repo: REPO }],
    users: PERSONAS,
    tokens: [TOKEN],
    ...overrides,
    dataDir,
  });
  return {
    simulator,
    url: simulator.url,
    dataDir,
    octokit: createOctokit(simulator.url),
    gitDir: path.join(dataDir, OWNER, `${REPO}.git`),
    async stop() {
      await simulator.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Reads a file from a bare repository with the git CLI, independent of the simulator.
export async function gitShow(gitDir: string, revision: string): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--git-dir", gitDir, "show", revision]);
  return stdout;
}

export async function gitRevParse(gitDir: string, revision: string): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--git-dir", gitDir, "rev-parse", revision]);
  return stdout.trim();
}

// Commits files on top of a branch tip (or the default branch) and points `branch` at the
// result, the way the portal builds its one-commit pull requests.
export async function commitFiles(
  octokit: Octokit,
  branch: string,
  files: Record<string, string | null>,
  options: { from?: string; message?: string } = {},
): Promise<string> {
  const repo = { owner: OWNER, repo: REPO };
  const existing = await octokit.git
    .getRef({ ...repo, ref: `heads/${branch}` })
    .then((response) => response.data.object.sha)
    .catch(() => null);
  const parentSha =
    existing ?? (await octokit.git.getRef({ ...repo, ref: `heads/${options.from ?? "main"}` })).data.object.sha;
  const parent = await octokit.git.getCommit({ ...repo, commit_sha: parentSha });

  const tree = await octokit.git.createTree({
    ...repo,
    base_tree: parent.data.tree.sha,
    tree: Object.entries(files).map(([filePath, content]) =>
      content === null
        ? { path: filePath, mode: "100644" as const, type: "blob" as const, sha: null }
        : { path: filePath, mode: "100644" as const, type: "blob" as const, content },
    ),
  });
  const commit = await octokit.git.createCommit({
    ...repo,
    message: options.message ?? `Change ${Object.keys(files).join(", ")}`,
    tree: tree.data.sha,
    parents: [parentSha],
  });

  if (existing) {
    await octokit.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.data.sha });
  } else {
    await octokit.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  }
  return commit.data.sha;
}

export interface FailedRequest {
  status: number;
  message: string;
  data: unknown;
  headers: Record<string, string | number | undefined>;
}

// Awaits a request that must fail and returns Octokit's error fields.
export async function failedRequest(promise: Promise<unknown>): Promise<FailedRequest> {
  try {
    await promise;
  } catch (error) {
    const candidate = error as { status?: unknown; message?: unknown; response?: { data?: unknown; headers?: FailedRequest["headers"] } };
    if (typeof candidate.status !== "number") throw error;
    return {
      status: candidate.status,
      message: String(candidate.message),
      data: candidate.response?.data,
      headers: candidate.response?.headers ?? {},
    };
  }
  throw new Error("Expected the request to fail, but it succeeded");
}

export function expectOperationResponse(operationId: string, status: number, body: unknown): void {
  const validate = restResponseValidator(operationId, status);
  const valid = validate(body);
  expect(valid, `${operationId} ${status} response does not match GitHub's schema:\n${describeErrors(validate)}`).toBe(true);
}

export function expectWebhookPayload(schemaName: string, payload: unknown): void {
  const validate = webhookPayloadValidator(schemaName);
  const valid = validate(payload);
  expect(valid, `${schemaName} payload does not match GitHub's schema:\n${describeErrors(validate)}`).toBe(true);
}

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  payload: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  // Waits until a delivery matches, failing after timeoutMs.
  waitFor(predicate: (delivery: ReceivedDelivery) => boolean, timeoutMs?: number): Promise<ReceivedDelivery>;
  close(): Promise<void>;
}

// A local HTTP server that records webhook deliveries and responds 202 like a well-behaved receiver.
export async function startWebhookReceiver(status = 202): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: request.headers, body, payload: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/webhooks/github`,
    received,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = received.find(predicate);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`No matching webhook within ${timeoutMs} ms; got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Returns a loopback port with nothing listening on it, for connection-refused cases.
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
