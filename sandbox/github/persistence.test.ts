import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  commitFiles,
  makeDataDir,
  OWNER,
  REPO,
  startTestSimulator,
} from "./test-support/simulator-fixture";

const execFileAsync = promisify(execFile);
const repo = { owner: OWNER, repo: REPO };
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeDataDir();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("restart", () => {
  it("keeps pulls, reviews and numbering", async () => {
    const first = await startTestSimulator({ dataDir });
    await commitFiles(first.octokit, "persist/one", { "persist/one.txt": "1\n" });
    const created = await first.octokit.pulls.create({ ...repo, title: "One", head: "persist/one", base: "main" });
    await fetch(`${first.url}/_sandbox/pulls/${OWNER}/${REPO}/${created.data.number}/approve-as`, {
      method: "POST",
      body: JSON.stringify({ login: "pat-platform" }),
    });
    await first.octokit.repos.createCommitStatus({ ...repo, sha: created.data.head.sha, state: "success", context: "policy" });
    await first.stop();

    const second = await startTestSimulator({ dataDir });
    try {
      const fetched = await second.octokit.pulls.get({ ...repo, pull_number: created.data.number });
      expect(fetched.data.title).toBe("One");
      expect(fetched.data.head.sha).toBe(created.data.head.sha);

      const reviews = await second.octokit.pulls.listReviews({ ...repo, pull_number: created.data.number });
      expect(reviews.data.map((review) => review.state)).toEqual(["APPROVED"]);

      const status = await second.octokit.repos.getCombinedStatusForRef({ ...repo, ref: "persist/one" });
      expect(status.data.state).toBe("success");

      await commitFiles(second.octokit, "persist/two", { "persist/two.txt": "2\n" });
      const next = await second.octokit.pulls.create({ ...repo, title: "Two", head: "persist/two", base: "main" });
      expect(next.data.number).toBe(created.data.number + 1);
      expect(next.data.id).not.toBe(created.data.id);
    } finally {
      await second.stop();
    }
  });

  it("state file is valid JSON", async () => {
    const text = await readFile(path.join(dataDir, OWNER, `${REPO}.state.json`), "utf8");
    const state = JSON.parse(text) as { pulls: unknown[]; nextNumber: number };
    expect(state.pulls).toHaveLength(2);
    expect(state.nextNumber).toBe(3);
  });

  it("bare repository clones with git", async () => {
    const target = path.join(dataDir, "clone");
    await execFileAsync("git", ["clone", "--quiet", path.join(dataDir, OWNER, `${REPO}.git`), target]);
    const { stdout } = await execFileAsync("git", ["-C", target, "branch", "-r"]);
    expect(stdout).toContain("origin/persist/two");
  });

  it("deliveries survive restart", async () => {
    const listing = await startTestSimulator({ dataDir });
    try {
      const deliveries = (await (await fetch(`${listing.url}/_sandbox/deliveries`)).json()) as Array<{ action: string }>;
      expect(deliveries.map((delivery) => delivery.action)).toContain("opened");
    } finally {
      await listing.stop();
    }
  });
});
