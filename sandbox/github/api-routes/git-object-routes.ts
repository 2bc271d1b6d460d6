import { z } from "zod";

import { ApiError, notFound, parseInput } from "../api-error";
import { blobJson, gitCommitJson, treeJson } from "../git-json";
import { isFullSha, type GitSignature } from "../git-repository";
import { repoRoute, type ApiRoute, type RepoCall } from "../router";
import { githubTimestamp } from "../timestamps";
import { TreeEditError, writeEditedTree } from "../tree-edit";

const createBlobSchema = z.object({
  content: z.string(),
  encoding: z.enum(["utf-8", "utf8", "base64"]).optional(),
});

const treeEntrySchema = z.object({
  path: z.string(),
  mode: z.enum(["100644", "100755", "040000", "160000", "120000"]),
  type: z.enum(["blob", "tree", "commit"]),
  sha: z.string().nullable().optional(),
  content: z.string().optional(),
});

const createTreeSchema = z.object({
  tree: z.array(treeEntrySchema),
  base_tree: z.string().optional(),
});

const signatureSchema = z.object({
  name: z.string(),
  email: z.string(),
  date: z.string().optional(),
});

const createCommitSchema = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: signatureSchema.optional(),
  committer: signatureSchema.optional(),
  signature: z.string().optional(),
});

function toSignature(input: z.infer<typeof signatureSchema>, fallbackDate: string): GitSignature {
  const date = input.date ? new Date(input.date) : new Date(fallbackDate);
  if (Number.isNaN(date.getTime())) {
    throw new ApiError(422, `Invalid request.\n\nFor 'properties/date', "${input.date ?? ""}" is not a date-time.`);
  }
  return { name: input.name, email: input.email, date: githubTimestamp(date) };
}

async function createCommit(call: RepoCall): Promise<string> {
  const input = parseInput(createCommitSchema, call.body);
  const git = call.repo.git;

  if ((await git.objectType(input.tree)) !== "tree") throw new ApiError(422, "Tree SHA does not exist");
  for (const parent of input.parents ?? []) {
    if ((await git.objectType(parent)) !== "commit") {
      throw new ApiError(422, "Parent SHA does not exist or is not a commit object");
    }
  }

  // GitHub fills a missing author with the authenticated account and a missing committer
  // with the author.
  const now = githubTimestamp();
  const author = toSignature(
    input.author ?? { name: call.actor.name ?? call.actor.login, email: call.context.accounts.commitEmail(call.actor) },
    now,
  );
  const committer = input.committer ? toSignature(input.committer, now) : author;

  return git.commitTree({ tree: input.tree, parents: input.parents ?? [], message: input.message, author, committer });
}

export const gitObjectRoutes: ApiRoute[] = [
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/git/blobs",
    "git/create-blob",
    "https://docs.github.com/rest/git/blobs#create-a-blob",
    async (call) => {
      const input = parseInput(createBlobSchema, call.body);
      const content =
        input.encoding === "base64" ? Buffer.from(input.content, "base64") : Buffer.from(input.content, "utf8");
      const sha = await call.repo.git.writeBlob(content);
      const url = `${call.context.apiUrl}/repos/${call.repo.owner}/${call.repo.name}/git/blobs/${sha}`;
      return { status: 201, body: { url, sha }, headers: { location: url } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    "git/get-blob",
    "https://docs.github.com/rest/git/blobs#get-a-blob",
    async (call) => {
      const sha = call.params.file_sha ?? "";
      const content = await call.repo.git.readBlob(sha);
      if (!content) throw notFound();
      return { status: 200, body: blobJson(call.context, call.repo, sha, content) };
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/git/trees",
    "git/create-tree",
    "https://docs.github.com/rest/git/trees#create-a-tree",
    async (call) => {
      const input = parseInput(createTreeSchema, call.body);
      const git = call.repo.git;

      let baseTree: string | null = null;
      if (input.base_tree !== undefined) {
        baseTree = isFullSha(input.base_tree) ? await git.resolveTree(input.base_tree) : null;
        // NOTE: GitHub's wording for an unknown base_tree is a best guess.
        if (!baseTree) throw new ApiError(422, `base_tree ${input.base_tree} is not a valid tree`);
      }

      let sha: string;
      try {
        sha = await writeEditedTree(git, baseTree, input.tree);
      } catch (error) {
        if (error instanceof TreeEditError) throw new ApiError(422, error.message);
        throw error;
      }

      const entries = await git.listTree(sha, { recursive: false });
      const url = `${call.context.apiUrl}/repos/${call.repo.owner}/${call.repo.name}/git/trees/${sha}`;
      return { status: 201, body: treeJson(call.context, call.repo, sha, entries), headers: { location: url } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/git/trees/{tree_sha+}",
    "git/get-tree",
    "https://docs.github.com/rest/git/trees#get-a-tree",
    async (call) => {
      const treeSha = await call.repo.git.resolveTree(call.params.tree_sha ?? "");
      if (!treeSha) throw notFound();
      // GitHub recurses when `recursive` has any value at all, even "0" or "false".
      const recursive = call.query.has("recursive");
      const entries = await call.repo.git.listTree(treeSha, { recursive });
      return { status: 200, body: treeJson(call.context, call.repo, treeSha, entries) };
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/git/commits",
    "git/create-commit",
    "https://docs.github.com/rest/git/commits#create-a-commit",
    async (call) => {
      const sha = await createCommit(call);
      const commit = await call.repo.git.readCommit(sha);
      if (!commit) throw new ApiError(500, `Commit ${sha} was written but cannot be read back`);
      const body = gitCommitJson(call.context, call.repo, commit);
      return { status: 201, body, headers: { location: String(body.url) } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    "git/get-commit",
    "https://docs.github.com/rest/git/commits#get-a-commit-object",
    async (call) => {
      const commit = await call.repo.git.readCommit(call.params.commit_sha ?? "");
      if (!commit) throw notFound();
      return { status: 200, body: gitCommitJson(call.context, call.repo, commit) };
    },
  ),
];
