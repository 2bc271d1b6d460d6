import { z } from "zod";

import { ApiError, parseInput, validationFailed } from "../api-error";
import { pageResult, paginate } from "../http-io";
import { commentJson, labelJson } from "../pull-json";
import type { LabelRecord, PullRecord } from "../repo-state";
import { repoRoute, type ApiRoute, type RepoCall } from "../router";
import { githubTimestamp } from "../timestamps";

// Label names arrive as a bare array, as {labels: [...]}, or as {labels: [{name}]}.
const labelNamesSchema = z.union([
  z.array(z.string()),
  z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])) }),
]);

const createCommentSchema = z.object({ body: z.string() });

// Only pull requests are simulated, so every issue number must belong to one.
function requireIssue(call: RepoCall): PullRecord {
  const pull = call.repo.state.findPull(Number(call.params.issue_number));
  if (!pull) throw new ApiError(404, "Not Found");
  return pull;
}

function labelNames(input: z.infer<typeof labelNamesSchema>): string[] {
  const raw = Array.isArray(input) ? input : input.labels.map((label) => (typeof label === "string" ? label : label.name));
  return raw.map((name) => name.trim());
}

function issueLabels(call: RepoCall, pull: PullRecord): Array<Record<string, unknown>> {
  return pull.labels
    .map((name) => call.repo.state.data.labels.find((label) => label.name === name))
    .filter((label): label is LabelRecord => label !== undefined)
    .map((label) => labelJson(call.context, call.repo, label));
}

export const issueRoutes: ApiRoute[] = [
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    "issues/list-labels-on-issue",
    "https://docs.github.com/rest/issues/labels#list-labels-for-an-issue",
    async (call) => ({ status: 200, body: issueLabels(call, requireIssue(call)) }),
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    "issues/add-labels",
    "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue",
    async (call) => {
      const pull = requireIssue(call);
      const names = labelNames(parseInput(labelNamesSchema, call.body));
      if (names.some((name) => name.length === 0)) {
        throw validationFailed([{ resource: "Label", field: "name", code: "missing_field" }]);
      }

      // GitHub creates unknown labels on the fly with its default grey colour.
      for (const name of names) {
        if (!call.repo.state.data.labels.some((label) => label.name === name)) {
          call.repo.state.data.labels.push({ id: call.repo.state.nextId(), name, color: "ededed", description: "" });
        }
        if (!pull.labels.includes(name)) pull.labels.push(name);
      }
      pull.updatedAt = githubTimestamp();
      return { status: 200, body: issueLabels(call, pull) };
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    "issues/list-comments",
    "https://docs.github.com/rest/issues/comments#list-issue-comments",
    async (call) => {
      const pull = requireIssue(call);
      const since = call.query.get("since");
      const comments = since ? pull.comments.filter((comment) => comment.updatedAt >= since) : pull.comments;
      const page = paginate(comments, call.url, call.context.apiUrl);
      return pageResult({
        items: page.items.map((comment) => commentJson(call.context, call.repo, pull, comment)),
        link: page.link,
      });
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    "issues/create-comment",
    "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    async (call) => {
      const pull = requireIssue(call);
      const record = (call.body ?? {}) as Record<string, unknown>;
      if (record.body === undefined || record.body === "") {
        throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      }
      const input = parseInput(createCommentSchema, call.body);

      const now = githubTimestamp();
      const comment = { id: call.repo.state.nextId(), login: call.actor.login, body: input.body, createdAt: now, updatedAt: now };
      pull.comments.push(comment);
      pull.updatedAt = now;

      const body = commentJson(call.context, call.repo, pull, comment);
      return { status: 201, body, headers: { location: String(body.url) } };
    },
  ),
];
