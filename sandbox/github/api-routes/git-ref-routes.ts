import { z } from "zod";

import { ApiError, notFound, parseInput } from "../api-error";
import { isFullSha, RefUpdateConflictError, ZERO_SHA } from "../git-repository";
import { refJson } from "../git-json";
import { handleBranchMoved } from "../pull-requests";
import { repoRoute, type ApiRoute, type RepoCall } from "../router";

const createRefSchema = z.object({ ref: z.string(), sha: z.string() });
const updateRefSchema = z.object({ sha: z.string(), force: z.boolean().optional() });

// GitHub's single-ref paths name refs without the "refs/" prefix ("heads/main").
function fullRefName(call: RepoCall): string {
  return `refs/${call.params.ref ?? ""}`;
}

async function requireObject(call: RepoCall, sha: string): Promise<void> {
  if (!isFullSha(sha) || (await call.repo.git.objectType(sha)) === null) {
    throw new ApiError(422, "Object does not exist");
  }
}

export const gitRefRoutes: ApiRoute[] = [
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/git/ref/{ref+}",
    "git/get-ref",
    "https://docs.github.com/rest/git/refs#get-a-reference",
    async (call) => {
      const record = await call.repo.git.readRef(fullRefName(call));
      if (!record) throw notFound();
      return { status: 200, body: refJson(call.context, call.repo, record) };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/git/matching-refs/{ref*}",
    "git/list-matching-refs",
    "https://docs.github.com/rest/git/refs#list-matching-references",
    async (call) => {
      const records = await call.repo.git.listRefs(fullRefName(call));
      return { status: 200, body: records.map((record) => refJson(call.context, call.repo, record)) };
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/git/refs",
    "git/create-ref",
    "https://docs.github.com/rest/git/refs#create-a-reference",
    async (call) => {
      const input = parseInput(createRefSchema, call.body);
      if (!input.ref.startsWith("refs/") || input.ref.split("/").length < 3) {
        throw new ApiError(422, "Reference name must contain at least three slash-separated components.");
      }
      if (!(await call.repo.git.isValidRefName(input.ref))) {
        throw new ApiError(422, `${input.ref} is not a valid ref name.`);
      }
      await requireObject(call, input.sha);
      if (await call.repo.git.readRef(input.ref)) throw new ApiError(422, "Reference already exists");

      try {
        await call.repo.git.updateRef(input.ref, input.sha, ZERO_SHA);
      } catch (error) {
        // A directory/file clash such as "feature" versus "feature/x" lands here, as on GitHub.
        if (error instanceof RefUpdateConflictError) throw new ApiError(422, "Reference update failed");
        throw error;
      }

      const record = await call.repo.git.readRef(input.ref);
      if (!record) throw new ApiError(422, "Reference update failed");
      return {
        status: 201,
        body: refJson(call.context, call.repo, record),
        headers: { location: `${call.context.apiUrl}/repos/${call.repo.owner}/${call.repo.name}/git/${input.ref}` },
      };
    },
  ),
  repoRoute(
    "PATCH",
    "/repos/{owner}/{repo}/git/refs/{ref+}",
    "git/update-ref",
    "https://docs.github.com/rest/git/refs#update-a-reference",
    async (call) => {
      const input = parseInput(updateRefSchema, call.body);
      const ref = fullRefName(call);
      const current = await call.repo.git.readRef(ref);
      if (!current) throw new ApiError(422, "Reference does not exist");
      await requireObject(call, input.sha);

      if (!input.force && current.sha !== input.sha) {
        const fastForward = current.type === "commit" && (await call.repo.git.isAncestor(current.sha, input.sha));
        if (!fastForward) throw new ApiError(422, "Update is not a fast forward");
      }

      try {
        await call.repo.git.updateRef(ref, input.sha, current.sha);
      } catch (error) {
        if (error instanceof RefUpdateConflictError) throw new ApiError(422, "Reference update failed");
        throw error;
      }

      await handleBranchMoved(call.context, call.repo, call.actor, ref, current.sha, input.sha, call.emit);
      const record = await call.repo.git.readRef(ref);
      if (!record) throw new ApiError(422, "Reference update failed");
      return { status: 200, body: refJson(call.context, call.repo, record) };
    },
  ),
  repoRoute(
    "DELETE",
    "/repos/{owner}/{repo}/git/refs/{ref+}",
    "git/delete-ref",
    "https://docs.github.com/rest/git/refs#delete-a-reference",
    async (call) => {
      const ref = fullRefName(call);
      const current = await call.repo.git.readRef(ref);
      if (!current) throw new ApiError(422, "Reference does not exist");

      try {
        await call.repo.git.deleteRef(ref, current.sha);
      } catch (error) {
        if (error instanceof RefUpdateConflictError) throw new ApiError(422, "Reference update failed");
        throw error;
      }

      await handleBranchMoved(call.context, call.repo, call.actor, ref, current.sha, null, call.emit);
      return { status: 204 };
    },
  ),
];
