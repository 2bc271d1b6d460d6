import { z } from "zod";

import { ApiError, parseInput } from "../api-error";
import { isFullSha } from "../git-repository";
import { pageResult, paginate } from "../http-io";
import { combinedStatusJson, statusJson } from "../pull-json";
import type { StatusRecord } from "../repo-state";
import { repoRoute, type ApiRoute, type RepoCall } from "../router";
import { githubTimestamp } from "../timestamps";

const createStatusSchema = z.object({
  state: z.enum(["error", "failure", "pending", "success"]),
  target_url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  context: z.string().optional(),
});

async function resolveStatusRef(call: RepoCall): Promise<{ ref: string; sha: string }> {
  const ref = call.params.ref ?? "";
  const sha = await call.repo.git.resolveCommit(ref);
  if (!sha) throw new ApiError(404, `No commit found for SHA: ${ref}`);
  return { ref, sha };
}

function statusesFor(call: RepoCall, sha: string): StatusRecord[] {
  return call.repo.state.data.statuses.filter((status) => status.sha === sha);
}

export const statusRoutes: ApiRoute[] = [
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/statuses/{sha}",
    "repos/create-commit-status",
    "https://docs.github.com/rest/commits/statuses#create-a-commit-status",
    async (call) => {
      const sha = call.params.sha ?? "";
      const input = parseInput(createStatusSchema, call.body);
      if (!isFullSha(sha) || (await call.repo.git.objectType(sha)) !== "commit") {
        throw new ApiError(422, `No commit found for SHA: ${sha}`);
      }

      const now = githubTimestamp();
      const status: StatusRecord = {
        id: call.repo.state.nextId(),
        sha,
        state: input.state,
        targetUrl: input.target_url ?? null,
        description: input.description ?? null,
        context: input.context ?? "default",
        login: call.actor.login,
        createdAt: now,
        updatedAt: now,
      };
      call.repo.state.data.statuses.push(status);

      const body = statusJson(call.context, call.repo, status);
      return { status: 201, body, headers: { location: String(body.url) } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/commits/{ref+}/status",
    "repos/get-combined-status-for-ref",
    "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference",
    async (call) => {
      const { ref, sha } = await resolveStatusRef(call);
      return { status: 200, body: combinedStatusJson(call.context, call.repo, ref, sha, statusesFor(call, sha)) };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/commits/{ref+}/statuses",
    "repos/list-commit-statuses-for-ref",
    "https://docs.github.com/rest/commits/statuses#list-commit-statuses-for-a-reference",
    async (call) => {
      const { sha } = await resolveStatusRef(call);
      const newestFirst = [...statusesFor(call, sha)].sort((a, b) => b.id - a.id);
      const page = paginate(newestFirst, call.url, call.context.apiUrl);
      return pageResult({
        items: page.items.map((status) => statusJson(call.context, call.repo, status)),
        link: page.link,
      });
    },
  ),
];
