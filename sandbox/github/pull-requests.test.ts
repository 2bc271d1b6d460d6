import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  commitFiles,
  createOctokit,
  expectOperationResponse,
  failedRequest,
  gitRevParse,
  gitShow,
  OWNER,
  REPO,
  startTestSimulator,
  type TestSimulator,
} from "./test-support/simulator-fixture";

const repo = { owner: OWNER, repo: REPO };
let sandbox: TestSimulator;

beforeAll(async () => {
  sandbox = await startTestSimulator({
    tokens: ["sandbox-test-token", { token: "pat-token", login: "pat-platform" }],
  });
});

afterAll(async () => {
  await sandbox.stop();
});

async function openPull(branch: string, files: Record<string, string | null>, title = `Add ${branch}`) {
  await commitFiles(sandbox.octokit, branch, files);
  return sandbox.octokit.pulls.create({ ...repo, title, head: branch, base: "main", body: `Body of ${branch}` });
}

describe("pull request flow", () => {
  it("creates, reads and merges into main", async () => {
    const filePath = "apps/payments-api/dev/external-secrets/db-password.yaml";
    const created = await openPull("secrets-portal/db-password", { [filePath]: "kind: ExternalSecret\n" });
    expect(created.status).toBe(201);
    expectOperationResponse("pulls/create", 201, created.data);
    expect(created.data.state).toBe("open");
    expect(created.data.html_url).toBe(`${sandbox.url}/${OWNER}/${REPO}/pull/${created.data.number}`);
    expect(created.data.head.ref).toBe("secrets-portal/db-password");
    expect(created.data.mergeable).toBe(true);

    const content = await sandbox.octokit.repos.getContent({ ...repo, path: filePath, ref: created.data.head.ref });
    const file = content.data as { content: string };
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("kind: ExternalSecret\n");

    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: created.data.number });
    expectOperationResponse("pulls/get", 200, fetched.data);
    expect(fetched.data.changed_files).toBe(1);
    expect(fetched.data.additions).toBe(1);

    const merged = await sandbox.octokit.pulls.merge({
      ...repo,
      pull_number: created.data.number,
      sha: created.data.head.sha,
      merge_method: "squash",
    });
    expectOperationResponse("pulls/merge", 200, merged.data);
    expect(merged.data.merged).toBe(true);

    expect(await gitShow(sandbox.gitDir, `main:${filePath}`)).toBe("kind: ExternalSecret\n");
    expect(await gitRevParse(sandbox.gitDir, "main")).toBe(merged.data.sha);

    const after = await sandbox.octokit.pulls.get({ ...repo, pull_number: created.data.number });
    expectOperationResponse("pulls/get", 200, after.data);
    expect(after.data.merged).toBe(true);
    expect(after.data.state).toBe("closed");
    expect(after.data.merge_commit_sha).toBe(merged.data.sha);
    expect(after.data.merged_by?.login).toBe("secrets-portal[bot]");

    const check = await sandbox.octokit.pulls.checkIfMerged({ ...repo, pull_number: created.data.number });
    expect(check.status).toBe(204);
  });

  it("merge commit has two parents", async () => {
    const created = await openPull("feature/merge-commit", { "merge-commit.txt": "m\n" });
    const merged = await sandbox.octokit.pulls.merge({ ...repo, pull_number: created.data.number, merge_method: "merge" });
    const commit = await sandbox.octokit.git.getCommit({ ...repo, commit_sha: merged.data.sha });
    expect(commit.data.parents).toHaveLength(2);
    expect(commit.data.message).toContain(`Merge pull request #${created.data.number} from ${OWNER}/feature/merge-commit`);
  });

  it("second merge is 405", async () => {
    const created = await openPull("feature/twice", { "twice.txt": "t\n" });
    await sandbox.octokit.pulls.merge({ ...repo, pull_number: created.data.number });
    const error = await failedRequest(sandbox.octokit.pulls.merge({ ...repo, pull_number: created.data.number }));
    expect(error.status).toBe(405);
    expect(error.data).toMatchObject({ message: "Pull Request is not mergeable" });
    expectOperationResponse("pulls/merge", 405, error.data);
  });

  it("stale sha is 409", async () => {
    const created = await openPull("feature/stale", { "stale.txt": "s\n" });
    const error = await failedRequest(
      sandbox.octokit.pulls.merge({ ...repo, pull_number: created.data.number, sha: "3".repeat(40) }),
    );
    expect(error.status).toBe(409);
    expect(error.data).toMatchObject({ message: "Head branch was modified. Review and try the merge again." });
  });

  it("conflict is not mergeable", async () => {
    const first = await openPull("feature/conflict-a", { "conflict.txt": "a\n" });
    const second = await openPull("feature/conflict-b", { "conflict.txt": "b\n" });
    await sandbox.octokit.pulls.merge({ ...repo, pull_number: first.data.number });

    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: second.data.number });
    expect(fetched.data.mergeable).toBe(false);
    expect(fetched.data.mergeable_state).toBe("dirty");

    const error = await failedRequest(sandbox.octokit.pulls.merge({ ...repo, pull_number: second.data.number }));
    expect(error.status).toBe(405);
  });

  it("persona token merges as persona", async () => {
    const created = await openPull("feature/persona-merge", { "persona.txt": "p\n" });
    const pat = createOctokit(sandbox.url, "pat-token");
    await pat.pulls.merge({ ...repo, pull_number: created.data.number });
    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: created.data.number });
    expect(fetched.data.merged_by?.login).toBe("pat-platform");
  });
});

describe("pull request validation", () => {
  it("duplicate is 422", async () => {
    await openPull("feature/duplicate", { "dup.txt": "d\n" });
    const error = await failedRequest(
      sandbox.octokit.pulls.create({ ...repo, title: "again", head: `${OWNER}:feature/duplicate`, base: "main" }),
    );
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${OWNER}:feature/duplicate.` }],
    });
    expectOperationResponse("pulls/create", 422, error.data);
  });

  it("missing head is 422", async () => {
    const error = await failedRequest(sandbox.octokit.pulls.create({ ...repo, title: "x", head: "no-such-branch", base: "main" }));
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({ errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] });
  });

  it("no commits is 422", async () => {
    const sha = await gitRevParse(sandbox.gitDir, "main");
    await sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/empty", sha });
    const error = await failedRequest(sandbox.octokit.pulls.create({ ...repo, title: "x", head: "feature/empty", base: "main" }));
    expect(error.status).toBe(422);
    expect(error.message).toContain("No commits between main and feature/empty");
  });

  it("missing title is 422", async () => {
    const error = await failedRequest(
      sandbox.octokit.request("POST /repos/{owner}/{repo}/pulls", { ...repo, head: "feature/empty", base: "main" } as never),
    );
    expect(error.data).toMatchObject({ errors: [{ resource: "PullRequest", field: "title", code: "missing_field" }] });
  });

  it("unknown pull is 404", async () => {
    const error = await failedRequest(sandbox.octokit.pulls.get({ ...repo, pull_number: 9999 }));
    expect(error.status).toBe(404);
    expectOperationResponse("pulls/get", 404, error.data);
  });
});

describe("pull request lists and updates", () => {
  it("list filters by head and state", async () => {
    const created = await openPull("feature/listed", { "listed.txt": "l\n" });

    const byHead = await sandbox.octokit.pulls.list({ ...repo, head: `${OWNER}:feature/listed` });
    expectOperationResponse("pulls/list", 200, byHead.data);
    expect(byHead.data.map((pull) => pull.number)).toEqual([created.data.number]);

    const closed = await sandbox.octokit.pulls.list({ ...repo, state: "closed", head: `${OWNER}:feature/listed` });
    expect(closed.data).toEqual([]);

    const all = await sandbox.octokit.pulls.list({ ...repo, state: "all", per_page: 100 });
    expect(all.data.length).toBeGreaterThan(1);
  });

  it("list paginates with Link", async () => {
    const page = await sandbox.octokit.pulls.list({ ...repo, state: "all", per_page: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.headers.link).toContain('rel="next"');
  });

  it("update closes and reopens", async () => {
    const created = await openPull("feature/close-reopen", { "close.txt": "c\n" });
    const closed = await sandbox.octokit.pulls.update({ ...repo, pull_number: created.data.number, state: "closed", title: "New title" });
    expectOperationResponse("pulls/update", 200, closed.data);
    expect(closed.data.state).toBe("closed");
    expect(closed.data.title).toBe("New title");
    expect(closed.data.merged).toBe(false);

    const reopened = await sandbox.octokit.pulls.update({ ...repo, pull_number: created.data.number, state: "open" });
    expect(reopened.data.state).toBe("open");
  });

  it("deleting head branch closes", async () => {
    const created = await openPull("feature/delete-head", { "delete.txt": "d\n" });
    await sandbox.octokit.git.deleteRef({ ...repo, ref: "heads/feature/delete-head" });
    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: created.data.number });
    expect(fetched.data.state).toBe("closed");
    expect(fetched.data.merged).toBe(false);
  });

  it("files carry patches", async () => {
    const created = await openPull("feature/files", { "files/a.yaml": "a: 1\n", README: null });
    const files = await sandbox.octokit.pulls.listFiles({ ...repo, pull_number: created.data.number });
    expectOperationResponse("pulls/list-files", 200, files.data);
    const added = files.data.find((file) => file.filename === "files/a.yaml");
    expect(added?.status).toBe("added");
    expect(added?.patch).toBe("@@ -0,0 +1 @@\n+a: 1");
  });
});

describe("reviews, labels, comments and statuses", () => {
  it("review requests and reviews", async () => {
    const created = await openPull("feature/reviews", { "reviews.txt": "r\n" });
    const number = created.data.number;

    const requested = await sandbox.octokit.pulls.requestReviewers({
      ...repo,
      pull_number: number,
      reviewers: ["pat-platform"],
      team_reviewers: ["platform"],
    });
    expect(requested.status).toBe(201);
    expectOperationResponse("pulls/request-reviewers", 201, requested.data);
    expect(requested.data.requested_reviewers?.map((user) => user.login)).toEqual(["pat-platform"]);
    expect(requested.data.requested_teams?.map((team) => team.slug)).toEqual(["platform"]);

    const pat = createOctokit(sandbox.url, "pat-token");
    const review = await pat.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE", body: "Looks right" });
    expectOperationResponse("pulls/create-review", 200, review.data);
    expect(review.data.state).toBe("APPROVED");
    expect(review.data.user?.login).toBe("pat-platform");

    const reviews = await sandbox.octokit.pulls.listReviews({ ...repo, pull_number: number });
    expectOperationResponse("pulls/list-reviews", 200, reviews.data);
    expect(reviews.data.map((item) => item.state)).toEqual(["APPROVED"]);

    const after = await sandbox.octokit.pulls.get({ ...repo, pull_number: number });
    expect(after.data.requested_reviewers?.map((user) => user.login)).toEqual([]);
  });

  it("author cannot approve", async () => {
    const created = await openPull("feature/self-approve", { "self.txt": "s\n" });
    const error = await failedRequest(sandbox.octokit.pulls.createReview({ ...repo, pull_number: created.data.number, event: "APPROVE" }));
    expect(error.status).toBe(422);
    expectOperationResponse("pulls/create-review", 422, error.data);
  });

  it("unknown reviewer is 422", async () => {
    const created = await openPull("feature/unknown-reviewer", { "unknown.txt": "u\n" });
    const error = await failedRequest(
      sandbox.octokit.pulls.requestReviewers({ ...repo, pull_number: created.data.number, reviewers: ["stranger"] }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain("not a collaborator");
  });

  it("labels are created and listed", async () => {
    const created = await openPull("feature/labels", { "labels.txt": "l\n" });
    const labels = await sandbox.octokit.issues.addLabels({ ...repo, issue_number: created.data.number, labels: ["secrets-portal", "dev"] });
    expectOperationResponse("issues/add-labels", 200, labels.data);
    expect(labels.data.map((label) => label.name)).toEqual(["secrets-portal", "dev"]);

    const again = await sandbox.octokit.issues.addLabels({ ...repo, issue_number: created.data.number, labels: ["dev"] });
    expect(again.data).toHaveLength(2);
  });

  it("comments are created and listed", async () => {
    const created = await openPull("feature/comments", { "comments.txt": "c\n" });
    const comment = await sandbox.octokit.issues.createComment({ ...repo, issue_number: created.data.number, body: "Provisioned" });
    expect(comment.status).toBe(201);
    expectOperationResponse("issues/create-comment", 201, comment.data);
    expect(comment.data.html_url).toBe(`${created.data.html_url}#issuecomment-${comment.data.id}`);

    const list = await sandbox.octokit.issues.listComments({ ...repo, issue_number: created.data.number });
    expectOperationResponse("issues/list-comments", 200, list.data);
    expect(list.data.map((item) => item.body)).toEqual(["Provisioned"]);
  });

  it("comment on unknown issue is 404", async () => {
    const error = await failedRequest(sandbox.octokit.issues.createComment({ ...repo, issue_number: 9999, body: "x" }));
    expect(error.status).toBe(404);
    expectOperationResponse("issues/create-comment", 404, error.data);
  });

  it("statuses combine per context", async () => {
    const created = await openPull("feature/statuses", { "statuses.txt": "s\n" });
    const sha = created.data.head.sha;

    const pending = await sandbox.octokit.repos.createCommitStatus({ ...repo, sha, state: "pending", context: "policy" });
    expect(pending.status).toBe(201);
    expectOperationResponse("repos/create-commit-status", 201, pending.data);
    await sandbox.octokit.repos.createCommitStatus({ ...repo, sha, state: "success", context: "policy", description: "ok" });
    await sandbox.octokit.repos.createCommitStatus({ ...repo, sha, state: "success", context: "lint" });

    const combined = await sandbox.octokit.repos.getCombinedStatusForRef({ ...repo, ref: "feature/statuses" });
    expectOperationResponse("repos/get-combined-status-for-ref", 200, combined.data);
    expect(combined.data.state).toBe("success");
    expect(combined.data.total_count).toBe(2);
    expect(combined.data.sha).toBe(sha);
  });

  it("status on unknown sha is 422", async () => {
    const error = await failedRequest(sandbox.octokit.repos.createCommitStatus({ ...repo, sha: "4".repeat(40), state: "success" }));
    expect(error.status).toBe(422);
  });
});
