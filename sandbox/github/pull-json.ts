import { simpleUserJson } from "./account-json";
import type { FileChange } from "./git-repository";
import type { CommentRecord, LabelRecord, PullRecord, ReviewRecord, StatusRecord } from "./repo-state";
import { repositoryJson } from "./repository-json";
import type { RepoHandle, SimulatorContext } from "./simulator-context";
import { nodeId, stableId } from "./users";

// Git facts about a pull request that are computed from the repository, not stored.
export interface PullFacts {
  headSha: string;
  baseSha: string;
  mergeable: boolean | null;
  mergeableState: "clean" | "dirty" | "unknown";
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

function repoApiUrl(context: SimulatorContext, repo: RepoHandle): string {
  return `${context.apiUrl}/repos/${repo.owner}/${repo.name}`;
}

export function pullHtmlUrl(context: SimulatorContext, repo: RepoHandle, number: number): string {
  return `${context.publicUrl}/${repo.owner}/${repo.name}/pull/${number}`;
}

function userJson(context: SimulatorContext, login: string): Record<string, unknown> {
  return simpleUserJson(context.apiUrl, context.publicUrl, context.accounts.get(login));
}

export function authorAssociation(context: SimulatorContext, login: string): string {
  return context.accounts.isPersona(login) ? "MEMBER" : "NONE";
}

export function labelJson(context: SimulatorContext, repo: RepoHandle, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${repoApiUrl(context, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

export function teamJson(context: SimulatorContext, repo: RepoHandle, slug: string): Record<string, unknown> {
  const organization = context.accounts.organization(repo.owner);
  const id = stableId("team", `${repo.owner}/${slug}`.toLowerCase());
  const url = `${context.apiUrl}/organizations/${organization.id}/team/${id}`;
  return {
    id,
    node_id: nodeId("T", id),
    url,
    html_url: `${context.publicUrl}/orgs/${repo.owner}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    type: "organization",
    organization_id: organization.id,
    parent: null,
  };
}

function branchJson(context: SimulatorContext, repo: RepoHandle, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUserJson(context.apiUrl, context.publicUrl, context.accounts.organization(repo.owner)),
    repo: repositoryJson(context, repo),
  };
}

// GitHub's `pull-request-simple` object (list endpoints).
export function pullSimpleJson(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  tips: { headSha: string; baseSha: string },
): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  const url = `${base}/pulls/${pull.number}`;
  const issueUrl = `${base}/issues/${pull.number}`;
  const htmlUrl = pullHtmlUrl(context, repo, pull.number);
  const labels = pull.labels
    .map((name) => repo.state.data.labels.find((label) => label.name === name))
    .filter((label): label is LabelRecord => label !== undefined)
    .map((label) => labelJson(context, repo, label));

  return {
    url,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${base}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${base}/statuses/${tips.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(context, pull.login),
    body: pull.body,
    labels,
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((login) => userJson(context, login)),
    requested_teams: pull.requestedTeams.map((slug) => teamJson(context, repo, slug)),
    head: branchJson(context, repo, pull.headRef, tips.headSha),
    base: branchJson(context, repo, pull.baseRef, tips.baseSha),
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${base}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${base}/statuses/${tips.headSha}` },
    },
    author_association: authorAssociation(context, pull.login),
    auto_merge: null,
    draft: pull.draft,
  };
}

// GitHub's full `pull-request` object (get, create, update and webhook payloads).
export function pullJson(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  facts: PullFacts,
): Record<string, unknown> {
  return {
    ...pullSimpleJson(context, repo, pull, facts),
    merged: pull.mergedAt !== null,
    mergeable: facts.mergeable,
    rebaseable: false,
    mergeable_state: facts.mergeableState,
    merged_by: pull.mergedBy ? userJson(context, pull.mergedBy) : null,
    comments: pull.comments.length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: facts.commits,
    additions: facts.additions,
    deletions: facts.deletions,
    changed_files: facts.changedFiles,
  };
}

export function reviewJson(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  review: ReviewRecord,
): Record<string, unknown> {
  const htmlUrl = `${pullHtmlUrl(context, repo, pull.number)}#pullrequestreview-${review.id}`;
  const pullUrl = `${repoApiUrl(context, repo)}/pulls/${pull.number}`;
  const json: Record<string, unknown> = {
    id: review.id,
    node_id: nodeId("PRR", review.id),
    user: userJson(context, review.login),
    body: review.body,
    state: review.state,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    _links: { html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    commit_id: review.commitId,
    author_association: authorAssociation(context, review.login),
  };
  if (review.submittedAt) json.submitted_at = review.submittedAt;
  return json;
}

export function commentJson(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const base = repoApiUrl(context, repo);
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url: `${base}/issues/comments/${comment.id}`,
    html_url: `${pullHtmlUrl(context, repo, pull.number)}#issuecomment-${comment.id}`,
    issue_url: `${base}/issues/${pull.number}`,
    body: comment.body,
    user: userJson(context, comment.login),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(context, comment.login),
  };
}

function avatarUrl(context: SimulatorContext, login: string): string {
  return `${context.publicUrl}/_sandbox/avatars/${encodeURIComponent(login)}`;
}

export function statusJson(context: SimulatorContext, repo: RepoHandle, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoApiUrl(context, repo)}/statuses/${status.sha}`,
    avatar_url: avatarUrl(context, status.login),
    id: status.id,
    node_id: nodeId("SC", status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: userJson(context, status.login),
  };
}

// Keeps the newest status of each context, newest first.
export function latestStatuses(statuses: StatusRecord[]): StatusRecord[] {
  const latest = new Map<string, StatusRecord>();
  for (const status of statuses) {
    const current = latest.get(status.context);
    if (!current || status.id > current.id) latest.set(status.context, status);
  }
  return [...latest.values()].sort((a, b) => b.id - a.id);
}

// GitHub's combined state: failure if any context failed or errored, pending if any is
// pending or none reported, success otherwise.
export function combinedState(latest: StatusRecord[]): "failure" | "pending" | "success" {
  const states = latest.map((status) => status.state);
  if (states.some((value) => value === "error" || value === "failure")) return "failure";
  if (states.length === 0 || states.includes("pending")) return "pending";
  return "success";
}

// GitHub's `combined-commit-status` object.
export function combinedStatusJson(
  context: SimulatorContext,
  repo: RepoHandle,
  ref: string,
  sha: string,
  statuses: StatusRecord[],
): Record<string, unknown> {
  const newest = latestStatuses(statuses);
  const state = combinedState(newest);
  const base = repoApiUrl(context, repo);

  return {
    state,
    statuses: newest.map((status) => ({
      url: `${base}/statuses/${status.sha}`,
      avatar_url: avatarUrl(context, status.login),
      id: status.id,
      node_id: nodeId("SC", status.id),
      state: status.state,
      description: status.description,
      target_url: status.targetUrl,
      context: status.context,
      created_at: status.createdAt,
      updated_at: status.updatedAt,
    })),
    sha,
    total_count: newest.length,
    repository: repositoryJson(context, repo),
    commit_url: `${base}/commits/${sha}`,
    url: `${base}/commits/${encodeURIComponent(ref)}/status`,
  };
}

export function diffEntryJson(
  context: SimulatorContext,
  repo: RepoHandle,
  headSha: string,
  change: FileChange,
  patch: string | undefined,
): Record<string, unknown> {
  const filePath = change.path.split("/").map(encodeURIComponent).join("/");
  const htmlBase = `${context.publicUrl}/${repo.owner}/${repo.name}`;
  const entry: Record<string, unknown> = {
    sha: change.newSha ?? change.oldSha,
    filename: change.path,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${htmlBase}/blob/${headSha}/${filePath}`,
    raw_url: `${htmlBase}/raw/${headSha}/${filePath}`,
    contents_url: `${repoApiUrl(context, repo)}/contents/${filePath}?ref=${headSha}`,
  };
  if (patch !== undefined) entry.patch = patch;
  return entry;
}
