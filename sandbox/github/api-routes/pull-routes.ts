import { z } from "zod";

import { ApiError, notFound, parseInput, validationFailed, type ValidationErrorItem } from "../api-error";
import { pageResult, paginate } from "../http-io";
import { diffEntryJson, pullJson, pullSimpleJson, teamJson } from "../pull-json";
import { simpleUserJson } from "../account-json";
import {
  createPull,
  mergePull,
  pullFacts,
  pullTips,
  requestReviewers,
  requirePull,
  updatePull,
} from "../pull-requests";
import type { PullRecord } from "../repo-state";
import { repoRoute, type ApiRoute, type RepoCall } from "../router";

const createPullSchema = z.object({
  title: z.string(),
  head: z.string(),
  base: z.string(),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const updatePullSchema = z.object({
  title: z.string().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
  base: z.string().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const mergePullSchema = z.object({
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  sha: z.string().optional(),
  merge_method: z.enum(["merge", "squash", "rebase"]).optional(),
});

const requestReviewersSchema = z.object({
  reviewers: z.array(z.string()).optional(),
  team_reviewers: z.array(z.string()).optional(),
});

function pullNumber(call: RepoCall): number {
  return Number(call.params.pull_number);
}

export async function renderPull(call: RepoCall, pull: PullRecord): Promise<Record<string, unknown>> {
  return pullJson(call.context, call.repo, pull, await pullFacts(call.repo, pull));
}

async function renderPullSimple(call: RepoCall, pull: PullRecord): Promise<Record<string, unknown>> {
  return pullSimpleJson(call.context, call.repo, pull, await pullTips(call.repo, pull));
}

// GitHub reports missing required fields of a new pull request as `missing_field` errors.
function assertCreateFields(body: unknown): void {
  const record = (body ?? {}) as Record<string, unknown>;
  const missing: ValidationErrorItem[] = ["title", "head", "base"]
    .filter((field) => record[field] === undefined || record[field] === null)
    .map((field) => ({ resource: "PullRequest", field, code: "missing_field" }));
  if (missing.length > 0) throw validationFailed(missing);
}

function matchesListFilters(call: RepoCall, pull: PullRecord): boolean {
  const state = call.query.get("state") ?? "open";
  if (state !== "all" && pull.state !== state) return false;

  const base = call.query.get("base");
  if (base && pull.baseRef !== base) return false;

  const head = call.query.get("head");
  if (head) {
    const colon = head.indexOf(":");
    const owner = colon === -1 ? head : head.slice(0, colon);
    const branch = colon === -1 ? null : head.slice(colon + 1);
    if (owner.toLowerCase() !== call.repo.owner.toLowerCase()) return false;
    if (branch !== null && pull.headRef !== branch) return false;
  }
  return true;
}

function sortPulls(call: RepoCall, pulls: PullRecord[]): PullRecord[] {
  const sort = call.query.get("sort") ?? "created";
  const direction = call.query.get("direction") ?? (sort === "created" ? "desc" : "asc");
  const key = (pull: PullRecord): string => (sort === "updated" ? pull.updatedAt : pull.createdAt);
  const sorted = [...pulls].sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1));
  return direction === "asc" ? sorted : sorted.reverse();
}

export const pullRoutes: ApiRoute[] = [
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/pulls",
    "pulls/create",
    "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
    async (call) => {
      assertCreateFields(call.body);
      const input = parseInput(createPullSchema, call.body);
      const pull = await createPull(
        call.context,
        call.repo,
        call.actor,
        {
          title: input.title,
          head: input.head,
          base: input.base,
          body: input.body,
          draft: input.draft,
          maintainerCanModify: input.maintainer_can_modify,
        },
        call.emit,
      );
      const body = await renderPull(call, pull);
      return { status: 201, body, headers: { location: String(body.url) } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls",
    "pulls/list",
    "https://docs.github.com/rest/pulls/pulls#list-pull-requests",
    async (call) => {
      const pulls = sortPulls(
        call,
        call.repo.state.data.pulls.filter((pull) => matchesListFilters(call, pull)),
      );
      const page = paginate(pulls, call.url, call.context.apiUrl);
      const items = await Promise.all(page.items.map((pull) => renderPullSimple(call, pull)));
      return pageResult({ items, link: page.link });
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    "pulls/get",
    "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
    async (call) => ({ status: 200, body: await renderPull(call, requirePull(call.repo, pullNumber(call))) }),
  ),
  repoRoute(
    "PATCH",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    "pulls/update",
    "https://docs.github.com/rest/pulls/pulls#update-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      const input = parseInput(updatePullSchema, call.body);
      await updatePull(
        call.context,
        call.repo,
        call.actor,
        pull,
        {
          title: input.title,
          body: input.body,
          state: input.state,
          base: input.base,
          maintainerCanModify: input.maintainer_can_modify,
        },
        call.emit,
      );
      return { status: 200, body: await renderPull(call, pull) };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    "pulls/check-if-merged",
    "https://docs.github.com/rest/pulls/pulls#check-if-a-pull-request-has-been-merged",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      if (!pull.mergedAt) throw notFound();
      return { status: 204 };
    },
  ),
  repoRoute(
    "PUT",
    "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    "pulls/merge",
    "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      const input = parseInput(mergePullSchema, call.body);
      const { sha } = await mergePull(
        call.context,
        call.repo,
        call.actor,
        pull,
        {
          sha: input.sha,
          mergeMethod: input.merge_method,
          commitTitle: input.commit_title,
          commitMessage: input.commit_message,
        },
        call.emit,
      );
      return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    "pulls/list-files",
    "https://docs.github.com/rest/pulls/pulls#list-pull-requests-files",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      const { headSha, baseSha } = await pullTips(call.repo, pull);
      const mergeBase = (await call.repo.git.mergeBase(baseSha, headSha)) ?? baseSha;
      const changes = await call.repo.git.diffFiles(mergeBase, headSha);
      const page = paginate(changes, call.url, call.context.apiUrl);

      const items = [];
      for (const change of page.items) {
        const patch = change.binary ? undefined : await call.repo.git.filePatch(mergeBase, headSha, change.path);
        items.push(diffEntryJson(call.context, call.repo, headSha, change, patch));
      }
      return pageResult({ items, link: page.link });
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    "pulls/list-requested-reviewers",
    "https://docs.github.com/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      const { apiUrl, publicUrl, accounts } = call.context;
      return {
        status: 200,
        body: {
          users: pull.requestedReviewers.map((login) => simpleUserJson(apiUrl, publicUrl, accounts.get(login))),
          teams: pull.requestedTeams.map((slug) => teamJson(call.context, call.repo, slug)),
        },
      };
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    "pulls/request-reviewers",
    "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, pullNumber(call));
      const input = parseInput(requestReviewersSchema, call.body);
      if (input.reviewers === undefined && input.team_reviewers === undefined) {
        throw new ApiError(422, "Invalid request.\n\n\"reviewers\" wasn't supplied.");
      }
      requestReviewers(call.context, call.repo, pull, {
        reviewers: input.reviewers ?? [],
        teamReviewers: input.team_reviewers ?? [],
      });
      return { status: 201, body: await renderPullSimple(call, pull) };
    },
  ),
];
