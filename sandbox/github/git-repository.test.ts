import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GitRepository } from "./git-repository";

// Reads by object id are cached. These cases check that the cache never returns a stale
// result for a name that moves or for an object that did not exist yet.

let directory: string;
let git: GitRepository;

const signature = { name: "Test", email: "test@example.com", date: "2026-01-01T00:00:00Z" };

async function commitFile(content: string, parents: string[]): Promise<string> {
  const blob = await git.writeBlob(Buffer.from(content));
  const tree = await git.makeTree([{ mode: "100644", type: "blob", sha: blob, name: "file.txt" }]);
  return git.commitTree({ tree, parents, message: content, author: signature, committer: signature });
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "git-repository-"));
  git = new GitRepository(path.join(directory, "repo.git"));
  await git.init("main");
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("GitRepository object reads", () => {
  it("branch name follows an update", async () => {
    const first = await commitFile("one", []);
    await git.updateRef("refs/heads/main", first, "0".repeat(40));
    expect(await git.resolveCommit("main")).toBe(first);

    const second = await commitFile("two", [first]);
    await git.updateRef("refs/heads/main", second, first);
    expect(await git.resolveCommit("main")).toBe(second);
  });

  it("object missing at first read is found later", async () => {
    // The blob id of "hello\n", as `git hash-object` computes it.
    const sha = "ce013625030ba8dba906f756967f9e9ca394464a";
    expect(await git.objectType(sha)).toBeNull();

    expect(await git.writeBlob(Buffer.from("hello\n"))).toBe(sha);
    expect(await git.objectType(sha)).toBe("blob");
  });

  it("cached blob is a copy", async () => {
    const sha = await git.writeBlob(Buffer.from("copy me"));
    const first = await git.readBlob(sha);
    first?.fill(0);

    expect((await git.readBlob(sha))?.toString("utf8")).toBe("copy me");
  });

  it("cached tree listing is a copy", async () => {
    const commit = await commitFile("tree", []);
    const tree = (await git.resolveTree(commit)) ?? "";
    const [entry] = await git.listTree(tree, { recursive: false });
    if (entry) entry.path = "changed";

    expect((await git.listTree(tree, { recursive: false }))[0]?.path).toBe("file.txt");
  });
});
