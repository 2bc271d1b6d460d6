import { ApiError, notFound } from "../api-error";
import { contentJson } from "../git-json";
import { repoRoute, type ApiRoute } from "../router";

export const contentRoutes: ApiRoute[] = [
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/contents/{path*}",
    "repos/get-content",
    "https://docs.github.com/rest/repos/contents#get-repository-content",
    async (call) => {
      const git = call.repo.git;
      const ref = call.query.get("ref") || call.repo.defaultBranch;
      const commitSha = await git.resolveCommit(ref);
      if (!commitSha) throw new ApiError(404, `No commit found for the ref ${ref}`);

      const commit = await git.readCommit(commitSha);
      const filePath = call.params.path ?? "";
      const entry = commit ? await git.entryAt(commit.tree, filePath) : null;
      if (!entry) throw notFound();

      if (entry.type === "tree") {
        const children = await git.listTree(entry.sha, { recursive: false });
        const body = children.map((child) =>
          contentJson(call.context, call.repo, ref, { ...child, path: entry.path ? `${entry.path}/${child.path}` : child.path }),
        );
        return { status: 200, body };
      }

      if (entry.type === "commit") {
        return {
          status: 200,
          body: { ...contentJson(call.context, call.repo, ref, entry), submodule_git_url: "" },
        };
      }

      const content = (await git.readBlob(entry.sha)) ?? Buffer.alloc(0);
      if (/application\/vnd\.github(\.v3)?\.raw/.test(call.accept)) {
        return { status: 200, raw: content, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
      }
      if (entry.mode === "120000") {
        return {
          status: 200,
          body: { ...contentJson(call.context, call.repo, ref, entry), target: content.toString("utf8") },
        };
      }
      return { status: 200, body: contentJson(call.context, call.repo, ref, entry, content) };
    },
  ),
];
