import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  commitFiles,
  gitShow,
  OWNER,
  REPO,
  startTestSimulator,
  startWebhookReceiver,
  WEBHOOK_SECRET,
  type TestSimulator,
  type WebhookReceiver,
} from "./test-support/simulator-fixture";

const repo = { owner: OWNER, repo: REPO };
let receiver: WebhookReceiver;
let sandbox: TestSimulator;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startTestSimulator({ webhook: { url: receiver.url, secret: WEBHOOK_SECRET } });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

async function openPull(branch: string, body: string): Promise<{ number: number; htmlUrl: string }> {
  await commitFiles(sandbox.octokit, branch, { [`pages/${branch}.yaml`]: "kind: ExternalSecret\n" });
  const created = await sandbox.octokit.pulls.create({ ...repo, title: `Add <${branch}>`, head: branch, base: "main", body });
  return { number: created.data.number, htmlUrl: created.data.html_url };
}

async function submitForm(htmlUrl: string, fields: Record<string, string>): Promise<Response> {
  return fetch(htmlUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

describe("pull request page", () => {
  it("escapes title and body", async () => {
    const pull = await openPull("page-escape", "<script>alert(1)</script>\nline two");
    const html = await (await fetch(pull.htmlUrl)).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;\nline two");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Add &lt;page-escape&gt;");
  });

  it("shows banner, persona select and buttons", async () => {
    const pull = await openPull("page-controls", "Adds a secret");
    const response = await fetch(pull.htmlUrl);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");

    const html = await response.text();
    expect(html).toContain("Simulated GitHub (sandbox)");
    expect(html).toContain('<label for="actor">Act as</label>');
    expect(html).toContain('<select id="actor" name="actor">');
    expect(html).toContain('<option value="pat-platform">pat-platform</option>');
    expect(html).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(html).toMatch(/<button[^>]*value="merge"[^>]*>Merge pull request<\/button>/);
    expect(html).toMatch(/<button[^>]*value="close"[^>]*>Close pull request<\/button>/);
    expect(html).toContain("+kind: ExternalSecret");
  });

  it("unknown pull is a 404 page", async () => {
    const response = await fetch(`${sandbox.url}/${OWNER}/${REPO}/pull/4040`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("does not exist");
  });

  it("repository page lists pulls", async () => {
    await openPull("page-listed", "listed");
    const html = await (await fetch(`${sandbox.url}/${OWNER}/${REPO}`)).text();
    expect(html).toContain("Add &lt;page-listed&gt;");
  });
});

describe("pull request page actions", () => {
  it("approve redirects and sends review webhook", async () => {
    const pull = await openPull("page-approve", "approve me");
    const response = await submitForm(pull.htmlUrl, { actor: "pat-platform", action: "approve", body: "ship it" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toContain(`/pull/${pull.number}?`);
    expect(new URL(location, sandbox.url).searchParams.get("notice")).toContain("pat-platform");

    const reviews = await sandbox.octokit.pulls.listReviews({ ...repo, pull_number: pull.number });
    expect(reviews.data.map((review) => [review.user?.login, review.state])).toEqual([["pat-platform", "APPROVED"]]);

    const delivery = await receiver.waitFor(
      (item) => item.headers["x-github-event"] === "pull_request_review" && (item.payload.pull_request as { number: number }).number === pull.number,
    );
    expect((delivery.payload.sender as { login: string }).login).toBe("pat-platform");
  });

  it("merge updates main", async () => {
    const pull = await openPull("page-merge", "merge me");
    const response = await submitForm(pull.htmlUrl, { actor: "pat-platform", action: "merge", merge_method: "squash" });
    expect(response.status).toBe(303);

    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: pull.number });
    expect(fetched.data.merged).toBe(true);
    expect(fetched.data.merged_by?.login).toBe("pat-platform");
    expect(await gitShow(sandbox.gitDir, "main:pages/page-merge.yaml")).toBe("kind: ExternalSecret\n");

    const page = await (await fetch(pull.htmlUrl)).text();
    expect(page).toContain(">Merged</span>");
  });

  it("close marks the pull closed", async () => {
    const pull = await openPull("page-close", "close me");
    await submitForm(pull.htmlUrl, { actor: "dana-dev", action: "close" });
    const fetched = await sandbox.octokit.pulls.get({ ...repo, pull_number: pull.number });
    expect(fetched.data.state).toBe("closed");
    expect(fetched.data.merged).toBe(false);
  });

  it("unknown persona shows an alert", async () => {
    const pull = await openPull("page-stranger", "who");
    const response = await submitForm(pull.htmlUrl, { actor: "mallory", action: "approve" });
    const location = response.headers.get("location") ?? "";
    const page = await (await fetch(new URL(location, sandbox.url))).text();
    expect(page).toMatch(/<div class="alert" role="alert">Unknown persona &quot;mallory&quot;/);
  });

  it("comment appears on the page", async () => {
    const pull = await openPull("page-comment", "comment");
    await submitForm(pull.htmlUrl, { actor: "dana-dev", action: "comment", body: "<b>hello</b>" });
    const comments = await sandbox.octokit.issues.listComments({ ...repo, issue_number: pull.number });
    expect(comments.data.map((comment) => comment.body)).toEqual(["<b>hello</b>"]);
    const page = await (await fetch(pull.htmlUrl)).text();
    expect(page).toContain("&lt;b&gt;hello&lt;/b&gt;");
  });
});

describe("file pages", () => {
  it("download_url serves raw content", async () => {
    const content = await sandbox.octokit.repos.getContent({ ...repo, path: "README.md" });
    const downloadUrl = (content.data as { download_url: string }).download_url;
    const response = await fetch(downloadUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("GitOps repository");
  });
});
