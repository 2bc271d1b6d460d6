import "server-only";

import { RequestError } from "@octokit/request-error";

import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";

import type { GitHubClient } from "./client";

const log = logger.child({ component: "github" });

export interface RepositoryFile {
  path: string;
  content: string;
}

export interface OpenPullRequestInput {
  branch: string;
  files: RepositoryFile[];
  commitMessage: string;
  title: string;
  body: string;
  labels: string[];
  reviewers: { users: string[]; teams: string[] };
}

export interface PullRequestInfo {
  number: number;
  url: string;
  headRef: string;
  headSha: string;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  /** GitHub's verdict on merging into the base: null while GitHub is still computing it. */
  mergeable: boolean | null;
}

export type CommitState = "pending" | "success" | "failure" | "error";

/** One submitted review: GitHub's state in upper case (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED). */
export interface PullRequestReview {
  id: number;
  login: string | null;
  state: string;
  commitId: string | null;
  submittedAt: string | null;
}

/** The portal's view of the GitOps repository: only the operations the request flow needs. */
export interface GitOpsRepository {
  readonly owner: string;
  readonly repo: string;
  readonly baseBranch: string;
  existingPaths(paths: string[], ref?: string): Promise<Set<string>>;
  readFile(path: string, ref: string): Promise<string | null>;
  openPullRequest(input: OpenPullRequestInput): Promise<PullRequestInfo>;
  /**
   * Replaces the branch with one commit of the files on the base branch's current tip, if
   * the branch still points at expectedHeadSha. Returns the new head.
   */
  rebuildBranch(branch: string, files: RepositoryFile[], message: string, expectedHeadSha: string): Promise<string>;
  /** The message and parents of a commit. */
  readCommit(sha: string): Promise<{ message: string; parents: string[] }>;
  getPullRequest(number: number): Promise<PullRequestInfo>;
  /** Every review of the pull request, oldest first, as GET /pulls/{n}/reviews lists them. */
  listReviews(number: number): Promise<PullRequestReview[]>;
  /** Whether the user is an active member of the team, from GET /orgs/{org}/teams/{team_slug}/memberships/{username}. */
  isActiveTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** Files the pull request changes, as GET /pulls/{n}/files lists them: path and status (added, modified, removed, ...). */
  listPullRequestFiles(number: number): Promise<Array<{ path: string; status: string }>>;
  commentOnPullRequest(number: number, body: string): Promise<void>;
  /** Closes the pull request without merging; closing a closed one is a no-op. */
  closePullRequest(number: number): Promise<void>;
  /** Deletes a branch; a branch that is already gone counts as deleted. */
  deleteBranch(branch: string): Promise<void>;
  /** Whether a comment on the pull request already contains the marker text. */
  hasComment(number: number, marker: string): Promise<boolean>;
  setCommitStatus(sha: string, status: { state: CommitState; context: string; description: string; targetUrl?: string }): Promise<void>;
  checkAccess(): Promise<void>;
}

export function isGitHubError(error: unknown, status?: number): error is RequestError {
  return error instanceof RequestError && (status === undefined || error.status === status);
}

/** Turns an Octokit failure into a PortalError that names the call and GitHub's message. */
export function toUpstreamError(error: unknown, operation: string): PortalError {
  if (error instanceof RequestError) {
    const detail = (error.response?.data as { message?: string } | undefined)?.message ?? error.message;
    return new PortalError("UPSTREAM", `GitHub ${operation} failed with HTTP ${error.status}: ${detail}`);
  }
  return new PortalError("UPSTREAM", `GitHub ${operation} failed: ${(error as Error).message}`);
}

export function createGitOpsRepository(
  octokit: GitHubClient,
  target: { owner: string; repo: string; baseBranch: string },
): GitOpsRepository {
  const { owner, repo, baseBranch } = target;

  async function findOpenPullRequest(branch: string): Promise<PullRequestInfo | null> {
    const { data } = await octokit.rest.pulls.list({ owner, repo, state: "open", head: `${owner}:${branch}`, base: baseBranch });
    const match = data.find((pull) => pull.head.ref === branch);
    return match ? await getPullRequest(match.number) : null;
  }

  async function getPullRequest(number: number): Promise<PullRequestInfo> {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    return {
      number: data.number,
      url: data.html_url,
      headRef: data.head.ref,
      headSha: data.head.sha,
      state: data.state === "open" ? "open" : "closed",
      merged: data.merged,
      mergeCommitSha: data.merged ? data.merge_commit_sha : null,
      mergedBy: data.merged_by?.login ?? null,
      mergeable: data.mergeable,
    };
  }

  async function commitFiles(branch: string, files: RepositoryFile[], message: string): Promise<string> {
    const commit = await commitOnBase(files, message);

    try {
      await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit });
    } catch (error) {
      // The branch name carries the request id, so an existing branch is left over from an
      // earlier attempt for this same request that never got its pull request.
      if (!isGitHubError(error, 422)) throw error;
      log.warn({ branch }, "branch exists from an earlier attempt; moving it to the new commit");
      await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit, force: true });
    }
    return commit;
  }

  /** Creates one commit with the files on the base branch's tip, outside any branch. */
  async function commitOnBase(files: RepositoryFile[], message: string): Promise<string> {
    const { data: base } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${baseBranch}` });
    const { data: baseCommit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: base.object.sha });

    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.tree.sha,
      tree: files.map((file) => ({ path: file.path, mode: "100644" as const, type: "blob" as const, content: file.content })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message,
      tree: tree.sha,
      parents: [base.object.sha],
    });
    return commit.sha;
  }

  async function deleteBranch(branch: string): Promise<void> {
    try {
      await octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
      log.info({ branch }, "deleted branch after the pull request could not be opened");
    } catch (error) {
      log.error({ err: error, branch }, "failed to delete branch after the pull request could not be opened");
    }
  }

  async function decoratePullRequest(number: number, input: OpenPullRequestInput): Promise<void> {
    // Labels and reviewers are conveniences: a failure is logged, and the pull request stays.
    if (input.labels.length > 0) {
      try {
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: input.labels });
      } catch (error) {
        log.error({ err: error, pullRequest: number }, "failed to add labels to pull request");
      }
    }
    if (input.reviewers.users.length > 0 || input.reviewers.teams.length > 0) {
      try {
        await octokit.rest.pulls.requestReviewers({
          owner,
          repo,
          pull_number: number,
          reviewers: input.reviewers.users,
          team_reviewers: input.reviewers.teams,
        });
      } catch (error) {
        log.error({ err: error, pullRequest: number }, "failed to request reviewers on pull request");
      }
    }
  }

  return {
    owner,
    repo,
    baseBranch,

    async existingPaths(paths, ref = baseBranch) {
      const found = new Set<string>();
      for (const path of paths) {
        if ((await this.readFile(path, ref)) !== null) found.add(path);
      }
      return found;
    },

    async readFile(path, ref) {
      try {
        const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
        return Buffer.from(data.content, "base64").toString("utf8");
      } catch (error) {
        if (isGitHubError(error, 404)) return null;
        throw toUpstreamError(error, `read ${path}`);
      }
    },

    async openPullRequest(input) {
      try {
        const existing = await findOpenPullRequest(input.branch);
        if (existing) {
          log.info({ branch: input.branch, pullRequest: existing.number }, "adopting pull request from an earlier attempt");
          return existing;
        }
        await commitFiles(input.branch, input.files, input.commitMessage);
      } catch (error) {
        throw toUpstreamError(error, "commit");
      }

      let number: number;
      try {
        const { data } = await octokit.rest.pulls.create({
          owner,
          repo,
          head: input.branch,
          base: baseBranch,
          title: input.title,
          body: input.body,
          maintainer_can_modify: true,
        });
        number = data.number;
      } catch (error) {
        await deleteBranch(input.branch);
        throw toUpstreamError(error, "create pull request");
      }

      await decoratePullRequest(number, input);
      return await getPullRequest(number);
    },

    async rebuildBranch(branch, files, message, expectedHeadSha) {
      try {
        const commit = await commitOnBase(files, message);
        // GitHub's ref update has no compare-and-swap, so the head is checked just before
        // the forced update: a push in between the two calls would still be replaced.
        const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
        if (ref.object.sha !== expectedHeadSha) {
          throw new PortalError(
            "CONFLICT",
            `Branch ${branch} moved to ${ref.object.sha.slice(0, 7)} while the portal rebuilt it, so it was left as it is; resolve the conflict on the pull request.`,
          );
        }
        await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit, force: true });
        return commit;
      } catch (error) {
        if (error instanceof PortalError) throw error;
        throw toUpstreamError(error, `rebuild branch ${branch}`);
      }
    },

    async readCommit(sha) {
      try {
        const { data } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha });
        return { message: data.message, parents: data.parents.map((parent) => parent.sha) };
      } catch (error) {
        throw toUpstreamError(error, `read commit ${sha.slice(0, 7)}`);
      }
    },

    async getPullRequest(number) {
      try {
        return await getPullRequest(number);
      } catch (error) {
        throw toUpstreamError(error, `get pull request #${number}`);
      }
    },

    async listReviews(number) {
      try {
        const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
        return reviews.map((review) => ({
          id: review.id,
          login: review.user?.login ?? null,
          state: review.state.toUpperCase(),
          commitId: review.commit_id ?? null,
          submittedAt: review.submitted_at ?? null,
        }));
      } catch (error) {
        throw toUpstreamError(error, `list reviews of pull request #${number}`);
      }
    },

    async listPullRequestFiles(number) {
      try {
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 });
        return files.map((file) => ({ path: file.filename, status: file.status }));
      } catch (error) {
        throw toUpstreamError(error, `list files of pull request #${number}`);
      }
    },

    async isActiveTeamMember(org, teamSlug, login) {
      try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
        return data.state === "active";
      } catch (error) {
        // GitHub returns 404 for a user who is not in the team, and for a team the token cannot see.
        if (isGitHubError(error, 404)) return false;
        throw toUpstreamError(error, `read membership of ${login} in ${org}/${teamSlug}`);
      }
    },

    async commentOnPullRequest(number, body) {
      try {
        await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
      } catch (error) {
        throw toUpstreamError(error, `comment on pull request #${number}`);
      }
    },

    async closePullRequest(number) {
      try {
        await octokit.rest.pulls.update({ owner, repo, pull_number: number, state: "closed" });
        log.info({ pullRequest: number }, "closed pull request");
      } catch (error) {
        throw toUpstreamError(error, `close pull request #${number}`);
      }
    },

    async deleteBranch(branch) {
      try {
        await octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
        log.info({ branch }, "deleted branch");
      } catch (error) {
        // GitHub returns 422 "Reference does not exist" for a branch that is already gone.
        if (isGitHubError(error, 422) || isGitHubError(error, 404)) {
          log.info({ branch }, "branch was already deleted");
          return;
        }
        throw toUpstreamError(error, `delete branch ${branch}`);
      }
    },

    async hasComment(number, marker) {
      try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 });
        return comments.some((comment) => comment.body?.includes(marker));
      } catch (error) {
        throw toUpstreamError(error, `list comments of pull request #${number}`);
      }
    },

    async setCommitStatus(sha, status) {
      try {
        await octokit.rest.repos.createCommitStatus({
          owner,
          repo,
          sha,
          state: status.state,
          context: status.context,
          description: status.description.slice(0, 140),
          target_url: status.targetUrl,
        });
      } catch (error) {
        throw toUpstreamError(error, `set commit status on ${sha}`);
      }
    },

    async checkAccess() {
      try {
        await octokit.rest.repos.get({ owner, repo });
      } catch (error) {
        throw toUpstreamError(error, `read repository ${owner}/${repo}`);
      }
    },
  };
}
