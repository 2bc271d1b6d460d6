import type { CommitObject, RefRecord, TreeEntry } from "./git-repository";
import type { RepoHandle, SimulatorContext } from "./simulator-context";
import { nodeId, stableId } from "./users";

function repoApiUrl(context: SimulatorContext, repo: RepoHandle): string {
  return `${context.apiUrl}/repos/${repo.owner}/${repo.name}`;
}

function encodePath(filePath: string): string {
  return filePath.split("/").map(encodeURIComponent).join("/");
}

// GitHub wraps base64 content at 60 characters per line.
export function wrapBase64(content: Buffer): string {
  const encoded = content.toString("base64");
  const lines = encoded.match(/.{1,60}/g) ?? [];
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

const OBJECT_PATHS: Record<RefRecord["type"], string> = { tag: "tags", tree: "trees", blob: "blobs", commit: "commits" };

export function refJson(context: SimulatorContext, repo: RepoHandle, ref: RefRecord): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  const objectPath = OBJECT_PATHS[ref.type];
  return {
    ref: ref.ref,
    node_id: nodeId("REF", stableId("ref", `${repo.fullName}:${ref.ref}`)),
    url: `${base}/git/${encodePath(ref.ref)}`,
    object: { type: ref.type, sha: ref.sha, url: `${base}/git/${objectPath}/${ref.sha}` },
  };
}

export function gitCommitJson(context: SimulatorContext, repo: RepoHandle, commit: CommitObject): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  const htmlBase = `${context.publicUrl}/${repo.owner}/${repo.name}`;
  return {
    sha: commit.sha,
    node_id: nodeId("C", stableId("commit", commit.sha)),
    url: `${base}/git/commits/${commit.sha}`,
    html_url: `${htmlBase}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${base}/git/commits/${parent}`,
      html_url: `${htmlBase}/commit/${parent}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function treeJson(
  context: SimulatorContext,
  repo: RepoHandle,
  sha: string,
  entries: TreeEntry[],
): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  return {
    sha,
    url: `${base}/git/trees/${sha}`,
    tree: entries.map((entry) => {
      const item: Record<string, unknown> = { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha };
      if (entry.type === "blob") {
        item.size = entry.size ?? 0;
        item.url = `${base}/git/blobs/${entry.sha}`;
      } else if (entry.type === "tree") {
        item.url = `${base}/git/trees/${entry.sha}`;
      }
      return item;
    }),
    truncated: false,
  };
}

export function blobJson(context: SimulatorContext, repo: RepoHandle, sha: string, content: Buffer): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId("B", stableId("blob", sha)),
    size: content.length,
    url: `${repoApiUrl(context, repo)}/git/blobs/${sha}`,
    content: wrapBase64(content),
    encoding: "base64",
  };
}

function contentType(entry: TreeEntry): "file" | "dir" | "submodule" | "symlink" {
  if (entry.type === "tree") return "dir";
  if (entry.type === "commit") return "submodule";
  return entry.mode === "120000" ? "symlink" : "file";
}

// One item of GET /contents: a directory listing entry, or a file with `content` when given.
export function contentJson(
  context: SimulatorContext,
  repo: RepoHandle,
  ref: string,
  entry: TreeEntry,
  content?: Buffer,
): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  const type = contentType(entry);
  const filePath = encodePath(entry.path);
  const query = `?ref=${encodeURIComponent(ref)}`;
  const selfUrl = `${base}/contents/${filePath}${query}`;
  const htmlUrl = `${context.publicUrl}/${repo.owner}/${repo.name}/${type === "dir" ? "tree" : "blob"}/${encodeURIComponent(ref)}/${filePath}`;
  let gitUrl: string | null = `${base}/git/blobs/${entry.sha}`;
  if (type === "dir") gitUrl = `${base}/git/trees/${entry.sha}`;
  if (type === "submodule") gitUrl = null;
  const downloadUrl =
    type === "file" || type === "symlink"
      ? `${context.publicUrl}/${repo.owner}/${repo.name}/raw/${encodeURIComponent(ref)}/${filePath}`
      : null;

  const item: Record<string, unknown> = {
    type,
    size: entry.size ?? 0,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: selfUrl,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: downloadUrl,
    _links: { self: selfUrl, git: gitUrl, html: htmlUrl },
  };

  if (content !== undefined) {
    item.content = wrapBase64(content);
    item.encoding = "base64";
  }
  return item;
}
