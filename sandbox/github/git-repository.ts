import { access, mkdir } from "node:fs/promises";
import path from "node:path";

import { LRUCache } from "lru-cache";

import { GitCommandError, runGit, type GitRunOptions } from "./git-cli";
import { githubTimestamp } from "./timestamps";

export type GitObjectType = "blob" | "tree" | "commit" | "tag";

export interface GitSignature {
  name: string;
  email: string;
  // ISO 8601 in UTC without milliseconds, the form GitHub returns.
  date: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  // Bytes for blobs, null for trees and submodules.
  size: number | null;
  path: string;
}

export interface RefRecord {
  ref: string;
  sha: string;
  type: GitObjectType;
}

export interface FileChange {
  path: string;
  status: "added" | "removed" | "modified";
  oldSha: string | null;
  newSha: string | null;
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface MergeTreeResult {
  tree: string | null;
  conflicts: string[];
}

export const ZERO_SHA = "0000000000000000000000000000000000000000";
const SHA_PATTERN = /^[0-9a-f]{40}$/;

export function isFullSha(value: string): boolean {
  return SHA_PATTERN.test(value);
}

export class RefUpdateConflictError extends Error {
  constructor(ref: string, detail: string) {
    super(`Updating ${ref} failed: ${detail}`);
    this.name = "RefUpdateConflictError";
  }
}

// A bare repository driven through the git CLI. Callers validate shas and ref names before
// they reach here; arguments that start with "-" are rejected as a second guard against
// option injection.
export class GitRepository {
  // Git objects never change once written, so reads by full object id are cached: each
  // read otherwise starts a git process. Reads by ref name, and misses, are not cached.
  // The promise is cached, so reads of one object that run at the same time start one process.
  private readonly objectReads = new LRUCache<string, Promise<unknown>>({ max: 20_000 });

  constructor(readonly gitDir: string) {}

  private async readObjectOnce<T>(key: string, read: () => Promise<T | null>): Promise<T | null> {
    const hit = this.objectReads.get(key);
    if (hit) return (await hit) as T | null;

    const pending = read();
    this.objectReads.set(key, pending);
    try {
      const value = await pending;
      if (value === null) this.objectReads.delete(key);
      return value;
    } catch (error) {
      this.objectReads.delete(key);
      throw error;
    }
  }

  async exists(): Promise<boolean> {
    try {
      await access(path.join(this.gitDir, "HEAD"));
      return true;
    } catch {
      return false;
    }
  }

  async init(defaultBranch: string): Promise<void> {
    await mkdir(path.dirname(this.gitDir), { recursive: true });
    await runGit(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, this.gitDir]);
  }

  private run(args: string[], options?: GitRunOptions): ReturnType<typeof runGit> {
    return runGit(["--git-dir", this.gitDir, "--literal-pathspecs", ...args], options);
  }

  async writeBlob(content: Buffer): Promise<string> {
    const { stdout } = await this.run(["hash-object", "-w", "--stdin"], { input: content });
    return stdout.toString("utf8").trim();
  }

  async objectType(sha: string): Promise<GitObjectType | null> {
    if (!isFullSha(sha)) return null;
    return this.readObjectOnce(`type:${sha}`, async () => {
      const { stdout, exitCode } = await this.run(["cat-file", "-t", sha], { okExitCodes: [128] });
      if (exitCode !== 0) return null;
      return stdout.toString("utf8").trim() as GitObjectType;
    });
  }

  async readBlob(sha: string): Promise<Buffer | null> {
    if ((await this.objectType(sha)) !== "blob") return null;
    const content = await this.readObjectOnce(`blob:${sha}`, async () => (await this.run(["cat-file", "blob", sha])).stdout);
    return content === null ? null : Buffer.from(content);
  }

  // Resolves a revision (sha, branch, tag or full ref) to the commit it names.
  async resolveCommit(revision: string): Promise<string | null> {
    return this.resolve(`${revision}^{commit}`);
  }

  async resolveTree(revision: string): Promise<string | null> {
    return this.resolve(`${revision}^{tree}`);
  }

  private async resolve(expression: string): Promise<string | null> {
    if (expression.startsWith("-")) return null;
    const read = async () => {
      const { stdout, exitCode } = await this.run(["rev-parse", "--verify", "--quiet", expression], {
        okExitCodes: [1, 128],
      });
      if (exitCode !== 0) return null;
      return stdout.toString("utf8").trim();
    };

    // "<sha>^{commit}" and "<sha>^{tree}" name fixed objects, while a branch name moves.
    const [base] = expression.split("^");
    return base !== undefined && isFullSha(base) ? this.readObjectOnce(`resolve:${expression}`, read) : read();
  }

  async readCommit(sha: string): Promise<CommitObject | null> {
    if ((await this.objectType(sha)) !== "commit") return null;
    const commit = await this.readObjectOnce(`commit:${sha}`, async () => {
      const { stdout } = await this.run(["cat-file", "commit", sha]);
      return parseCommit(sha, stdout.toString("utf8"));
    });
    return commit === null ? null : structuredClone(commit);
  }

  async listTree(treeish: string, options: { recursive: boolean }): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-z", "-l"];
    if (options.recursive) args.push("-r", "-t");
    args.push(treeish);
    const read = async () => parseTreeListing((await this.run(args)).stdout.toString("utf8"));

    if (!isFullSha(treeish)) return read();
    const entries = await this.readObjectOnce(`tree:${options.recursive}:${treeish}`, read);
    return (entries ?? []).map((entry) => ({ ...entry }));
  }

  // Walks the tree one segment at a time, so that the path is never read as a pattern.
  async entryAt(treeSha: string, filePath: string): Promise<TreeEntry | null> {
    const segments = filePath.split("/").filter((segment) => segment.length > 0);
    let current: TreeEntry = { mode: "040000", type: "tree", sha: treeSha, size: null, path: "" };

    for (const segment of segments) {
      if (current.type !== "tree") return null;
      const children = await this.listTree(current.sha, { recursive: false });
      const child = children.find((entry) => entry.path === segment);
      if (!child) return null;
      current = { ...child, path: current.path ? `${current.path}/${segment}` : segment };
    }

    return current;
  }

  async makeTree(entries: Array<{ mode: string; type: string; sha: string; name: string }>): Promise<string> {
    const input = entries.map((entry) => `${entry.mode} ${entry.type} ${entry.sha}\t${entry.name}\0`).join("");
    const { stdout } = await this.run(["mktree", "-z"], { input });
    return stdout.toString("utf8").trim();
  }

  async commitTree(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: GitSignature;
    committer: GitSignature;
  }): Promise<string> {
    const args = ["commit-tree", commit.tree];
    for (const parent of commit.parents) args.push("-p", parent);
    const { stdout } = await this.run(args, {
      input: commit.message,
      env: {
        GIT_AUTHOR_NAME: commit.author.name,
        GIT_AUTHOR_EMAIL: commit.author.email,
        GIT_AUTHOR_DATE: toGitDate(commit.author.date),
        GIT_COMMITTER_NAME: commit.committer.name,
        GIT_COMMITTER_EMAIL: commit.committer.email,
        GIT_COMMITTER_DATE: toGitDate(commit.committer.date),
      },
    });
    return stdout.toString("utf8").trim();
  }

  async isValidRefName(ref: string): Promise<boolean> {
    if (ref.startsWith("-")) return false;
    const { exitCode } = await runGit(["check-ref-format", ref], { okExitCodes: [1] });
    return exitCode === 0;
  }

  async readRef(ref: string): Promise<RefRecord | null> {
    if (ref.startsWith("-")) return null;
    // The pattern narrows git's output; it also matches refs below `ref`, which the filter drops.
    const refs = await this.forEachRef([ref]);
    return refs.find((record) => record.ref === ref) ?? null;
  }

  // Lists refs whose full name starts with the prefix (not only at a "/"), sorted by name.
  async listRefs(prefix: string): Promise<RefRecord[]> {
    const refs = await this.forEachRef([]);
    return refs.filter((record) => record.ref.startsWith(prefix));
  }

  private async forEachRef(patterns: string[]): Promise<RefRecord[]> {
    const { stdout } = await this.run([
      "for-each-ref",
      "--format=%(refname)%00%(objectname)%00%(objecttype)",
      ...patterns,
    ]);
    return stdout
      .toString("utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => {
        const [ref = "", sha = "", type = "commit"] = line.split("\0");
        return { ref, sha, type: type as GitObjectType };
      })
      .sort((a, b) => compareBytes(a.ref, b.ref));
  }

  // Moves a ref only when it still points at expectedOld (ZERO_SHA means "must not exist").
  async updateRef(ref: string, newSha: string, expectedOld: string): Promise<void> {
    try {
      await this.run(["update-ref", ref, newSha, expectedOld]);
    } catch (error) {
      if (error instanceof GitCommandError) throw new RefUpdateConflictError(ref, error.stderr.trim());
      throw error;
    }
  }

  async deleteRef(ref: string, expectedOld: string): Promise<void> {
    try {
      await this.run(["update-ref", "-d", ref, expectedOld]);
    } catch (error) {
      if (error instanceof GitCommandError) throw new RefUpdateConflictError(ref, error.stderr.trim());
      throw error;
    }
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { exitCode } = await this.run(["merge-base", "--is-ancestor", ancestor, descendant], {
      okExitCodes: [1],
    });
    return exitCode === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const { stdout, exitCode } = await this.run(["merge-base", a, b], { okExitCodes: [1] });
    if (exitCode !== 0) return null;
    return stdout.toString("utf8").trim();
  }

  async countCommits(from: string, to: string): Promise<number> {
    const { stdout } = await this.run(["rev-list", "--count", `${from}..${to}`]);
    return Number.parseInt(stdout.toString("utf8").trim(), 10);
  }

  // Three-way merge without a work tree (git 2.38+); exit code 1 means conflicts.
  async mergeTrees(ours: string, theirs: string): Promise<MergeTreeResult> {
    const { stdout, exitCode } = await this.run(
      ["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs],
      { okExitCodes: [1] },
    );
    const lines = stdout.toString("utf8").split("\n").filter((line) => line.length > 0);
    const [tree = null, ...conflicts] = lines;
    return exitCode === 0 ? { tree, conflicts: [] } : { tree: null, conflicts };
  }

  async diffFiles(from: string, to: string): Promise<FileChange[]> {
    const raw = await this.run(["diff-tree", "-r", "-z", "--no-renames", "--raw", from, to]);
    const numstat = await this.run(["diff-tree", "-r", "-z", "--no-renames", "--numstat", from, to]);
    const counts = parseNumstat(numstat.stdout.toString("utf8"));
    return parseRawDiff(raw.stdout.toString("utf8")).map((change) => {
      const count = counts.get(change.path);
      return {
        ...change,
        additions: count?.additions ?? 0,
        deletions: count?.deletions ?? 0,
        binary: count?.binary ?? false,
      };
    });
  }

  // Returns the unified diff hunks of one file, starting at the first "@@" like GitHub's `patch`.
  async filePatch(from: string, to: string, filePath: string): Promise<string> {
    const { stdout } = await this.run([
      "diff-tree",
      "-p",
      "--no-renames",
      "--no-color",
      "--no-ext-diff",
      from,
      to,
      "--",
      filePath,
    ]);
    const text = stdout.toString("utf8");
    const hunkStart = text.indexOf("\n@@");
    if (hunkStart === -1) return "";
    return text.slice(hunkStart + 1).replace(/\n$/, "");
  }
}

// Orders by UTF-16 code units, which matches git's byte order for ASCII ref names.
function compareBytes(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

const CHANGE_STATUS: Record<string, FileChange["status"]> = { A: "added", D: "removed" };

function toGitDate(isoDate: string): string {
  const seconds = Math.floor(new Date(isoDate).getTime() / 1000);
  return `${seconds} +0000`;
}

function parseSignature(line: string): GitSignature {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match) return { name: line, email: "", date: githubTimestamp(new Date(0)) };
  const seconds = Number(match[3]);
  return {
    name: match[1] ?? "",
    email: match[2] ?? "",
    date: githubTimestamp(new Date(seconds * 1000)),
  };
}

function parseCommit(sha: string, text: string): CommitObject {
  const headerEnd = text.indexOf("\n\n");
  const headerText = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const message = headerEnd === -1 ? "" : text.slice(headerEnd + 2);
  const commit: CommitObject = {
    sha,
    tree: "",
    parents: [],
    author: parseSignature(""),
    committer: parseSignature(""),
    message,
  };

  for (const line of headerText.split("\n")) {
    // Continuation lines (a leading space) belong to multi-line headers such as gpgsig.
    if (line.startsWith(" ")) continue;
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") commit.tree = value;
    else if (key === "parent") commit.parents.push(value);
    else if (key === "author") commit.author = parseSignature(value);
    else if (key === "committer") commit.committer = parseSignature(value);
  }

  return commit;
}

function parseTreeListing(text: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of text.split("\0")) {
    if (record.length === 0) continue;
    const match = /^(\d+) (blob|tree|commit) ([0-9a-f]+) +(\S+)\t([\s\S]*)$/.exec(record);
    if (!match) continue;
    entries.push({
      mode: match[1] ?? "",
      type: match[2] as TreeEntry["type"],
      sha: match[3] ?? "",
      size: match[4] === "-" ? null : Number(match[4]),
      path: match[5] ?? "",
    });
  }
  return entries;
}

function parseRawDiff(text: string): Array<Omit<FileChange, "additions" | "deletions" | "binary">> {
  const fields = text.split("\0");
  const changes: Array<Omit<FileChange, "additions" | "deletions" | "binary">> = [];

  for (let index = 0; index + 1 < fields.length; index += 2) {
    const header = fields[index] ?? "";
    const filePath = fields[index + 1] ?? "";
    const match = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])/.exec(header);
    if (!match) continue;
    const oldSha = match[3] === ZERO_SHA ? null : (match[3] ?? null);
    const newSha = match[4] === ZERO_SHA ? null : (match[4] ?? null);
    const status = CHANGE_STATUS[match[5] ?? ""] ?? "modified";
    changes.push({ path: filePath, status, oldSha, newSha });
  }

  return changes;
}

function parseNumstat(text: string): Map<string, { additions: number; deletions: number; binary: boolean }> {
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  for (const record of text.split("\0")) {
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(record.replace(/^\n/, ""));
    if (!match) continue;
    const binary = match[1] === "-";
    counts.set(match[3] ?? "", {
      additions: binary ? 0 : Number(match[1]),
      deletions: binary ? 0 : Number(match[2]),
      binary,
    });
  }
  return counts;
}
