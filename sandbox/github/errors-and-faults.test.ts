import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  createOctokit,
  expectOperationResponse,
  failedRequest,
  OWNER,
  REPO,
  startTestSimulator,
  type TestSimulator,
} from "./test-support/simulator-fixture";

const repo = { owner: OWNER, repo: REPO };
let sandbox: TestSimulator;

beforeAll(async () => {
  sandbox = await startTestSimulator();
});

afterAll(async () => {
  await sandbox.stop();
});

afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});

async function addFault(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify(body) });
}

describe("authentication", () => {
  it("missing token is 401", async () => {
    const response = await fetch(`${sandbox.url}/repos/${OWNER}/${REPO}`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ message: "Requires authentication", status: "401" });
    expect(typeof body.documentation_url).toBe("string");
  });

  it("unknown token is Bad credentials", async () => {
    const error = await failedRequest(createOctokit(sandbox.url, "wrong-token").repos.get(repo));
    expect(error.status).toBe(401);
    expect(error.data).toMatchObject({ message: "Bad credentials" });
  });

  it("bearer scheme is accepted", async () => {
    const response = await fetch(`${sandbox.url}/repos/${OWNER}/${REPO}`, {
      headers: { authorization: "Bearer sandbox-test-token" },
    });
    expect(response.status).toBe(200);
  });
});

describe("not found", () => {
  it("unknown repository is 404", async () => {
    const error = await failedRequest(sandbox.octokit.repos.get({ owner: OWNER, repo: "missing" }));
    expect(error.status).toBe(404);
    expect(error.data).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/repos/repos#get-a-repository",
      status: "404",
    });
    expectOperationResponse("repos/get", 404, error.data);
  });

  it("unknown endpoint is JSON 404", async () => {
    const response = await fetch(`${sandbox.url}/repos/${OWNER}/${REPO}/branches/main`, {
      headers: { authorization: "token sandbox-test-token" },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("invalid JSON is 400", async () => {
    const response = await fetch(`${sandbox.url}/repos/${OWNER}/${REPO}/git/blobs`, {
      method: "POST",
      headers: { authorization: "token sandbox-test-token" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "Problems parsing JSON" });
  });
});

describe("fault injection", () => {
  it("fails N calls then recovers", async () => {
    const created = await addFault({ operation: "repos/get", count: 2, status: 500 });
    expect(created.status).toBe(201);

    const first = await failedRequest(sandbox.octokit.repos.get(repo));
    expect(first.status).toBe(500);
    const second = await failedRequest(sandbox.octokit.repos.get(repo));
    expect(second.status).toBe(500);

    const third = await sandbox.octokit.repos.get(repo);
    expect(third.status).toBe(200);
  });

  it("path pattern with retry-after", async () => {
    await addFault({ operation: "GET /repos/{owner}/{repo}/pulls", status: 429, retryAfter: 7, message: "slow down" });
    const error = await failedRequest(sandbox.octokit.pulls.list(repo));
    expect(error.status).toBe(429);
    expect(error.headers["retry-after"]).toBe("7");
    expect(error.data).toMatchObject({ message: "slow down" });
  });

  it("glob pattern matches concrete path", async () => {
    await addFault({ operation: "POST /repos/*/git/refs", status: 403 });
    const error = await failedRequest(
      sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/fault", sha: "5".repeat(40) }),
    );
    expect(error.status).toBe(403);
    expect(error.data).toMatchObject({ message: "Resource not accessible by integration" });
  });

  it("other operations are untouched", async () => {
    await addFault({ operation: "pulls/create", status: 500 });
    const response = await sandbox.octokit.repos.get(repo);
    expect(response.status).toBe(200);
  });

  it("after phase applies the change", async () => {
    const main = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/main" });
    await addFault({ operation: "git/create-ref", status: 502, phase: "after" });

    const error = await failedRequest(
      sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/lost-reply", sha: main.data.object.sha }),
    );
    expect(error.status).toBe(502);

    const ref = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/lost-reply" });
    expect(ref.data.object.sha).toBe(main.data.object.sha);
  });

  it("delete clears faults", async () => {
    await addFault({ operation: "repos/get", status: 500, count: 5 });
    const cleared = await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    expect(cleared.status).toBe(204);
    const response = await sandbox.octokit.repos.get(repo);
    expect(response.status).toBe(200);
  });

  it("invalid fault names the field", async () => {
    const response = await addFault({ operation: "repos/get", status: 200 });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toContain("status");
  });

  it("latency delays matching calls", async () => {
    await fetch(`${sandbox.url}/_sandbox/latency`, {
      method: "POST",
      body: JSON.stringify({ operation: "repos/get", ms: 300, count: 1 }),
    });
    const started = Date.now();
    await sandbox.octokit.repos.get(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const next = Date.now();
    await sandbox.octokit.repos.get(repo);
    expect(Date.now() - next).toBeLessThan(290);
  });
});

describe("rate limit", () => {
  it("exhausted limit is 403", async () => {
    const limited = await startTestSimulator({ rateLimit: 2 });
    try {
      await limited.octokit.repos.get(repo);
      const second = await limited.octokit.repos.get(repo);
      expect(second.headers["x-ratelimit-remaining"]).toBe("0");

      const error = await failedRequest(limited.octokit.repos.get(repo));
      expect(error.status).toBe(403);
      expect(error.message).toContain("API rate limit exceeded");
    } finally {
      await limited.stop();
    }
  });
});
