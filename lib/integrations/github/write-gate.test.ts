import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { OWNER, REPO, startTestSimulator, TOKEN, type TestSimulator } from "@/sandbox/github/test-support/simulator-fixture";
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from "@/test-support/database";

import { createGitHubClient, isContentWrite } from "./client";
import { createAdvisoryWriteGate, type GitHubWriteGate } from "./write-gate";

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) console.info("write-gate.test.ts: the gate cases need PostgreSQL; set DATABASE_URL to run them.");

describe("isContentWrite", () => {
  it.each([
    ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", true],
    ["PATCH", "/repos/acme/gitops/git/refs/heads/main", true],
    ["DELETE", "/repos/acme/gitops/git/refs/heads/feature", true],
    ["GET", "/repos/acme/gitops/pulls/1", false],
    ["HEAD", "/repos/acme/gitops", false],
    ["POST", "/app/installations/{installation_id}/access_tokens", false],
    ["POST", "https://github.example.com/api/v3/app/installations/7/access_tokens", false],
  ])("%s %s is %s", (method, url, expected) => {
    expect(isContentWrite(method, url)).toBe(expected);
  });
});

describe("GitHub client with a write gate", () => {
  let github: TestSimulator;

  beforeAll(async () => {
    github = await startTestSimulator();
  });

  afterAll(async () => {
    await github?.stop();
  });

  it("waits before writes only", async () => {
    const keys: string[] = [];
    const gate: GitHubWriteGate = {
      async waitForTurn(key) {
        keys.push(key);
      },
    };
    const octokit = createGitHubClient({ baseUrl: github.url, token: TOKEN, throttling: false, writeQueueKey: "installation-1", writeGate: gate });

    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    expect(keys).toEqual([]);

    await octokit.rest.git.createBlob({ owner: OWNER, repo: REPO, content: "gate", encoding: "utf-8" });
    expect(keys).toEqual(["installation-1"]);
  });
});

describe.skipIf(!onPostgres)("advisory write gate", () => {
  let scratch: ScratchPostgresDatabase;
  const clients: PrismaClient[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? "");
    for (let index = 0; index < 2; index += 1) clients.push(createPrismaClient({ kind: "postgres", connectionString: scratch.url }));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    await scratch?.drop();
  });

  it("spaces turns across processes", async () => {
    const spacingMs = 300;
    // One gate per Prisma client stands for one gate per portal process.
    const gates = clients.map((client) => createAdvisoryWriteGate(client, { spacingMs }));
    const turns: number[] = [];

    await Promise.all(
      [...gates, ...gates, ...gates].map(async (gate) => {
        await gate.waitForTurn("installation-1");
        turns.push(performance.now());
      }),
    );

    const gaps = turns
      .sort((a, b) => a - b)
      .slice(1)
      .map((turn, index) => turn - (turns[index] ?? 0));
    expect(gaps).toHaveLength(5);
    // Node may fire a timer up to a millisecond early.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(spacingMs - 2);
  });

  it("keys do not wait for each other", async () => {
    const gate = createAdvisoryWriteGate(clients[0] as PrismaClient, { spacingMs: 5_000 });
    const started = performance.now();

    await Promise.all([gate.waitForTurn("installation-1"), gate.waitForTurn("installation-2")]);

    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
