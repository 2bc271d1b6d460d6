import type { GitRepository, TreeEntry } from "./git-repository";

// One entry of GitHub's "create a tree" request: `sha: null` deletes the path, `content`
// writes a new blob, `sha` points at an existing object.
export interface TreeEditInput {
  path: string;
  mode: "100644" | "100755" | "040000" | "160000" | "120000";
  type: "blob" | "tree" | "commit";
  sha?: string | null;
  content?: string;
}

export class TreeEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TreeEditError";
  }
}

interface LeafEntry {
  mode: string;
  type: "blob" | "commit";
  sha: string;
}

interface DirectoryNode {
  leaves: Map<string, LeafEntry>;
  directories: Map<string, DirectoryNode>;
}

const MALFORMED_PATH = "tree.path contains a malformed path component";

function assertSafePath(filePath: string): void {
  const segments = filePath.split("/");
  const malformed = segments.some(
    (segment) => segment === "" || segment === "." || segment === ".." || segment.toLowerCase() === ".git",
  );
  if (malformed || filePath.includes("\0")) throw new TreeEditError(MALFORMED_PATH);
}

function removePath(files: Map<string, LeafEntry>, filePath: string): void {
  files.delete(filePath);
  for (const existing of [...files.keys()]) {
    if (existing.startsWith(`${filePath}/`)) files.delete(existing);
  }
}

// A file and a directory cannot share a name, so a new file replaces a file at any parent path.
function removeParentFiles(files: Map<string, LeafEntry>, filePath: string): void {
  const segments = filePath.split("/");
  for (let length = 1; length < segments.length; length += 1) {
    files.delete(segments.slice(0, length).join("/"));
  }
}

async function flattenTree(git: GitRepository, treeSha: string, prefix: string): Promise<Map<string, LeafEntry>> {
  const files = new Map<string, LeafEntry>();
  const entries: TreeEntry[] = await git.listTree(treeSha, { recursive: true });
  for (const entry of entries) {
    if (entry.type === "tree") continue;
    files.set(prefix ? `${prefix}/${entry.path}` : entry.path, { mode: entry.mode, type: entry.type, sha: entry.sha });
  }
  return files;
}

async function applyEdit(git: GitRepository, files: Map<string, LeafEntry>, edit: TreeEditInput): Promise<void> {
  assertSafePath(edit.path);

  if (edit.content !== undefined && edit.sha !== undefined && edit.sha !== null) {
    throw new TreeEditError("tree.sha and tree.content cannot both be set");
  }

  if (edit.content === undefined && (edit.sha === null || edit.sha === undefined)) {
    removePath(files, edit.path);
    return;
  }

  if (edit.content !== undefined) {
    if (edit.type !== "blob") throw new TreeEditError(`tree.type must be blob when tree.content is set for ${edit.path}`);
    const sha = await git.writeBlob(Buffer.from(edit.content, "utf8"));
    removePath(files, edit.path);
    removeParentFiles(files, edit.path);
    files.set(edit.path, { mode: edit.mode, type: "blob", sha });
    return;
  }

  const sha = edit.sha ?? "";
  if (edit.type === "commit") {
    // Submodule entries point at commits in another repository, so they are not looked up.
    removePath(files, edit.path);
    removeParentFiles(files, edit.path);
    files.set(edit.path, { mode: "160000", type: "commit", sha });
    return;
  }

  const actualType = await git.objectType(sha);
  if (actualType !== edit.type) {
    throw new TreeEditError(`tree.sha ${sha} is not a valid ${edit.type}`);
  }

  removePath(files, edit.path);
  removeParentFiles(files, edit.path);
  if (edit.type === "tree") {
    for (const [nestedPath, leaf] of await flattenTree(git, sha, edit.path)) files.set(nestedPath, leaf);
    return;
  }
  files.set(edit.path, { mode: edit.mode, type: "blob", sha });
}

function buildDirectories(files: Map<string, LeafEntry>): DirectoryNode {
  const root: DirectoryNode = { leaves: new Map(), directories: new Map() };
  for (const [filePath, leaf] of files) {
    const segments = filePath.split("/");
    const name = segments.pop() ?? "";
    let node = root;
    for (const segment of segments) {
      let child = node.directories.get(segment);
      if (!child) {
        child = { leaves: new Map(), directories: new Map() };
        node.directories.set(segment, child);
      }
      node = child;
    }
    node.leaves.set(name, leaf);
  }
  return root;
}

async function writeDirectory(git: GitRepository, node: DirectoryNode): Promise<string> {
  const entries: Array<{ mode: string; type: string; sha: string; name: string }> = [];
  for (const [name, leaf] of node.leaves) entries.push({ ...leaf, name });
  for (const [name, child] of node.directories) {
    entries.push({ mode: "040000", type: "tree", sha: await writeDirectory(git, child), name });
  }
  return git.makeTree(entries);
}

// Builds a new tree from an optional base tree and GitHub-style entries, writing nested trees
// bottom-up with `git mktree`. Directories left empty disappear, as they do in git.
export async function writeEditedTree(
  git: GitRepository,
  baseTree: string | null,
  edits: TreeEditInput[],
): Promise<string> {
  const files = baseTree ? await flattenTree(git, baseTree, "") : new Map<string, LeafEntry>();
  for (const edit of edits) await applyEdit(git, files, edit);
  return writeDirectory(git, buildDirectories(files));
}
