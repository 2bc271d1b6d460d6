import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  commitFiles,
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
  sandbox = await startTestSimulator();
});

afterAll(async () => {
  await sandbox.stop();
});

describe("repository", () => {
  it("get matches full-repository", async () => {
    const response = await sandbox.octokit.repos.get(repo);
    expectOperationResponse("repos/get", 200, response.data);
    expect(response.data.default_branch).toBe("main");
  });

  it("get sends GitHub headers", async () => {
    const response = await sandbox.octokit.repos.get(repo);
    expect(response.headers["x-github-request-id"]).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:/);
    expect(response.headers["x-ratelimit-limit"]).toBe("5000");
    expect(response.headers["x-ratelimit-resource"]).toBe("core");
    expect(Number(response.headers["x-ratelimit-remaining"])).toBeLessThan(5000);
  });

  it("authenticated user is the bot", async () => {
    const response = await sandbox.octokit.users.getAuthenticated();
    expectOperationResponse("users/get-authenticated", 200, response.data);
    expect(response.data.login).toBe("secrets-portal[bot]");
  });

  it("seed commit is cloneable content", async () => {
    const kustomization = await gitShow(sandbox.gitDir, "main:apps/payments-api/dev/kustomization.yaml");
    expect(kustomization).toContain("kind: Kustomization");
  });
});

describe("blobs", () => {
  it("utf-8 blob round trip", async () => {
    const created = await sandbox.octokit.git.createBlob({ ...repo, content: "name: café\n", encoding: "utf-8" });
    expect(created.status).toBe(201);
    expectOperationResponse("git/create-blob", 201, created.data);

    const fetched = await sandbox.octokit.git.getBlob({ ...repo, file_sha: created.data.sha });
    expectOperationResponse("git/get-blob", 200, fetched.data);
    expect(Buffer.from(fetched.data.content, "base64").toString("utf8")).toBe("name: café\n");
  });

  it("base64 blob keeps bytes", async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const created = await sandbox.octokit.git.createBlob({ ...repo, content: bytes.toString("base64"), encoding: "base64" });
    const fetched = await sandbox.octokit.git.getBlob({ ...repo, file_sha: created.data.sha });
    expect(Buffer.from(fetched.data.content, "base64").equals(bytes)).toBe(true);
    expect(fetched.data.size).toBe(4);
  });

  it("blob sha equals git's", async () => {
    const created = await sandbox.octokit.git.createBlob({ ...repo, content: "hello\n" });
    // `printf 'hello\n' | git hash-object --stdin`
    expect(created.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });

  it("unknown blob is 404", async () => {
    const error = await failedRequest(sandbox.octokit.git.getBlob({ ...repo, file_sha: "0".repeat(40) }));
    expect(error.status).toBe(404);
    expectOperationResponse("git/get-blob", 404, error.data);
  });

  it("missing content is 422", async () => {
    const error = await failedRequest(
      sandbox.octokit.request("POST /repos/{owner}/{repo}/git/blobs", { ...repo, encoding: "utf-8" } as never),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain('"content" wasn\'t supplied');
  });
});

describe("trees and commits", () => {
  it("tree with base_tree adds nested file", async () => {
    const main = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/main" });
    const commit = await sandbox.octokit.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const tree = await sandbox.octokit.git.createTree({
      ...repo,
      base_tree: commit.data.tree.sha,
      tree: [{ path: "apps/checkout-web/dev/es.yaml", mode: "100644", type: "blob", content: "kind: ExternalSecret\n" }],
    });
    expectOperationResponse("git/create-tree", 201, tree.data);

    const listed = await sandbox.octokit.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: "1" });
    expectOperationResponse("git/get-tree", 200, listed.data);
    const paths = listed.data.tree.map((entry) => entry.path);
    expect(paths).toContain("apps/checkout-web/dev/es.yaml");
    expect(paths).toContain("apps/payments-api/dev/kustomization.yaml");
    expect(paths).toContain("apps/checkout-web");
  });

  it("tree without recursive lists root", async () => {
    const listed = await sandbox.octokit.git.getTree({ ...repo, tree_sha: "main" });
    const paths = listed.data.tree.map((entry) => entry.path);
    expect(paths).toEqual(["README.md", "apps"]);
  });

  it("sha null deletes a file", async () => {
    const main = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/main" });
    const commit = await sandbox.octokit.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const tree = await sandbox.octokit.git.createTree({
      ...repo,
      base_tree: commit.data.tree.sha,
      tree: [{ path: "README.md", mode: "100644", type: "blob", sha: null }],
    });
    expect(tree.data.tree.map((entry) => entry.path)).toEqual(["apps"]);
  });

  it("malformed tree path is 422", async () => {
    const error = await failedRequest(
      sandbox.octokit.git.createTree({ ...repo, tree: [{ path: "../x", mode: "100644", type: "blob", content: "x" }] }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain("malformed path component");
  });

  it("commit matches git-commit and git", async () => {
    const tree = await sandbox.octokit.git.createTree({
      ...repo,
      tree: [{ path: "only.txt", mode: "100644", type: "blob", content: "only\n" }],
    });
    const created = await sandbox.octokit.git.createCommit({
      ...repo,
      message: "Only file",
      tree: tree.data.sha,
      parents: [],
      author: { name: "Dana Developer", email: "dana@example.com", date: "2024-05-01T12:00:00Z" },
    });
    expect(created.status).toBe(201);
    expectOperationResponse("git/create-commit", 201, created.data);
    expect(created.data.author.date).toBe("2024-05-01T12:00:00Z");
    expect(created.data.message).toBe("Only file");

    const fetched = await sandbox.octokit.git.getCommit({ ...repo, commit_sha: created.data.sha });
    expectOperationResponse("git/get-commit", 200, fetched.data);
    expect(fetched.data.tree.sha).toBe(tree.data.sha);
    expect(await gitShow(sandbox.gitDir, `${created.data.sha}:only.txt`)).toBe("only\n");
  });

  it("commit with unknown parent is 422", async () => {
    const main = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/main" });
    const commit = await sandbox.octokit.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const error = await failedRequest(
      sandbox.octokit.git.createCommit({ ...repo, message: "x", tree: commit.data.tree.sha, parents: ["1".repeat(40)] }),
    );
    expect(error.status).toBe(422);
  });
});

describe("refs", () => {
  it("create ref then 422 when it exists", async () => {
    const sha = await gitRevParse(sandbox.gitDir, "main");
    const created = await sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/a", sha });
    expect(created.status).toBe(201);
    expectOperationResponse("git/create-ref", 201, created.data);
    expect(created.data.ref).toBe("refs/heads/feature/a");

    const error = await failedRequest(sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/a", sha }));
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({ message: "Reference already exists", status: "422" });
    expectOperationResponse("git/create-ref", 422, error.data);
  });

  it("ref name needs refs prefix", async () => {
    const sha = await gitRevParse(sandbox.gitDir, "main");
    const error = await failedRequest(sandbox.octokit.git.createRef({ ...repo, ref: "feature-b", sha }));
    expect(error.status).toBe(422);
    expect(error.message).toContain("three slash-separated components");
  });

  it("ref to unknown object is 422", async () => {
    const error = await failedRequest(sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/x", sha: "2".repeat(40) }));
    expect(error.data).toMatchObject({ message: "Object does not exist" });
  });

  it("get ref with slashes", async () => {
    const response = await sandbox.octokit.git.getRef({ ...repo, ref: "heads/feature/a" });
    expectOperationResponse("git/get-ref", 200, response.data);
    expect(response.data.object.type).toBe("commit");
  });

  it("unknown ref is 404", async () => {
    const error = await failedRequest(sandbox.octokit.git.getRef({ ...repo, ref: "heads/nope" }));
    expect(error.status).toBe(404);
    expectOperationResponse("git/get-ref", 404, error.data);
  });

  it("matching refs by prefix", async () => {
    const response = await sandbox.octokit.git.listMatchingRefs({ ...repo, ref: "heads/feature" });
    expectOperationResponse("git/list-matching-refs", 200, response.data);
    expect(response.data.map((ref) => ref.ref)).toEqual(["refs/heads/feature/a"]);
  });

  it("update ref fast-forward only", async () => {
    const base = await commitFiles(sandbox.octokit, "ff/base", { "ff.txt": "1\n" });
    const next = await commitFiles(sandbox.octokit, "ff/next", { "ff.txt": "2\n" }, { from: "ff/base" });
    const sideways = await commitFiles(sandbox.octokit, "ff/side", { "side.txt": "s\n" });

    const forward = await sandbox.octokit.git.updateRef({ ...repo, ref: "heads/ff/base", sha: next });
    expectOperationResponse("git/update-ref", 200, forward.data);
    expect(forward.data.object.sha).toBe(next);

    const error = await failedRequest(sandbox.octokit.git.updateRef({ ...repo, ref: "heads/ff/base", sha: sideways }));
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({ message: "Update is not a fast forward" });

    const forced = await sandbox.octokit.git.updateRef({ ...repo, ref: "heads/ff/base", sha: base, force: true });
    expect(forced.data.object.sha).toBe(base);
  });

  it("update of missing ref is 422", async () => {
    const sha = await gitRevParse(sandbox.gitDir, "main");
    const error = await failedRequest(sandbox.octokit.git.updateRef({ ...repo, ref: "heads/missing", sha }));
    expect(error.data).toMatchObject({ message: "Reference does not exist" });
  });

  it("delete ref then 422", async () => {
    const sha = await gitRevParse(sandbox.gitDir, "main");
    await sandbox.octokit.git.createRef({ ...repo, ref: "refs/heads/to-delete", sha });

    const deleted = await sandbox.octokit.git.deleteRef({ ...repo, ref: "heads/to-delete" });
    expect(deleted.status).toBe(204);

    const error = await failedRequest(sandbox.octokit.git.deleteRef({ ...repo, ref: "heads/to-delete" }));
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({ message: "Reference does not exist" });
  });
});

describe("contents", () => {
  it("file on a branch", async () => {
    await commitFiles(sandbox.octokit, "contents/branch", { "apps/payments-api/dev/db.yaml": "kind: ExternalSecret\n" });
    const response = await sandbox.octokit.repos.getContent({
      ...repo,
      path: "apps/payments-api/dev/db.yaml",
      ref: "contents/branch",
    });
    expectOperationResponse("repos/get-content", 200, response.data);
    const file = response.data as { type: string; content: string; encoding: string };
    expect(file.type).toBe("file");
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("kind: ExternalSecret\n");
  });

  it("directory lists entries", async () => {
    const response = await sandbox.octokit.repos.getContent({ ...repo, path: "apps/payments-api" });
    expectOperationResponse("repos/get-content", 200, response.data);
    expect(Array.isArray(response.data)).toBe(true);
    expect((response.data as Array<{ name: string; type: string }>).map((entry) => [entry.name, entry.type])).toEqual([
      ["dev", "dir"],
    ]);
  });

  it("missing path is 404", async () => {
    const error = await failedRequest(sandbox.octokit.repos.getContent({ ...repo, path: "apps/nope.yaml" }));
    expect(error.status).toBe(404);
    expectOperationResponse("repos/get-content", 404, error.data);
  });

  it("unknown ref is 404", async () => {
    const error = await failedRequest(sandbox.octokit.repos.getContent({ ...repo, path: "README.md", ref: "no-branch" }));
    expect(error.status).toBe(404);
    expect(error.message).toContain("No commit found for the ref no-branch");
  });

  it("raw media type returns bytes", async () => {
    const response = await sandbox.octokit.repos.getContent({ ...repo, path: "README.md", mediaType: { format: "raw" } });
    expect(String(response.data)).toContain("GitOps repository");
  });
});
