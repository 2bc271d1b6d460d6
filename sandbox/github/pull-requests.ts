import { ApiError, unprocessable, validationFailed } from "./api-error";
import { RefUpdateConflictError, ZERO_SHA } from "./git-repository";
import type { PullFacts } from "./pull-json";
import type { PullRecord, ReviewRecord, ReviewState } from "./repo-state";
import type { EmitEvent, RepoHandle, SimulatorContext } from "./simulator-context";
import { githubTimestamp } from "./timestamps";
import type { SimulatedAccount } from "./users";
import { pullRequestEvent, pullRequestReviewEvent } from "./webhook-payloads";

// Domain operations on pull requests, shared by the REST API, the HTML pages and the
// sandbox control endpoints. Callers run them inside the repository's write queue.

export interface CreatePullInput {
  title: string;
  head: string;
  base: string;
  body?: string | null;
  draft?: boolean;
  maintainerCanModify?: boolean;
}

export interface UpdatePullInput {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  base?: string;
  maintainerCanModify?: boolean;
}

export interface MergePullInput {
  sha?: string;
  mergeMethod?: "merge" | "squash" | "rebase";
  commitTitle?: string;
  commitMessage?: string;
}

export type ReviewEvent = "APPROVE" | "REQUEST_CHANGES" | "COMMENT";

const REVIEW_STATES: Record<ReviewEvent, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

function branchRef(branch: string): string {
  return `refs/heads/${branch}`;
}

async function branchTip(repo: RepoHandle, branch: string): Promise<string | null> {
  const record = await repo.git.readRef(branchRef(branch));
  return record?.sha ?? null;
}

// Open pull requests follow their live branches; closed ones keep the tips they had.
export async function pullTips(repo: RepoHandle, pull: PullRecord): Promise<{ headSha: string; baseSha: string }> {
  if (pull.state === "closed") return { headSha: pull.headSha, baseSha: pull.baseSha };
  const headSha = (await branchTip(repo, pull.headRef)) ?? pull.headSha;
  const baseSha = (await branchTip(repo, pull.baseRef)) ?? pull.baseSha;
  return { headSha, baseSha };
}

export async function pullFacts(repo: RepoHandle, pull: PullRecord): Promise<PullFacts> {
  const { headSha, baseSha } = await pullTips(repo, pull);
  const mergeBase = (await repo.git.mergeBase(baseSha, headSha)) ?? baseSha;
  const changes = await repo.git.diffFiles(mergeBase, headSha);
  const commits = await repo.git.countCommits(baseSha, headSha);

  let mergeable: boolean | null = null;
  let mergeableState: PullFacts["mergeableState"] = "unknown";
  if (pull.state === "open") {
    const merge = await repo.git.mergeTrees(baseSha, headSha);
    mergeable = merge.tree !== null;
    mergeableState = mergeable ? "clean" : "dirty";
  }

  return {
    headSha,
    baseSha,
    mergeable,
    mergeableState,
    commits,
    additions: changes.reduce((sum, change) => sum + change.additions, 0),
    deletions: changes.reduce((sum, change) => sum + change.deletions, 0),
    changedFiles: changes.length,
  };
}

export function requirePull(repo: RepoHandle, number: number): PullRecord {
  const pull = Number.isInteger(number) ? repo.state.findPull(number) : undefined;
  if (!pull) throw new ApiError(404, "Not Found");
  return pull;
}

async function emitPullEvent(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  action: Parameters<typeof pullRequestEvent>[4],
  sender: SimulatedAccount,
  emit: EmitEvent,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const facts = await pullFacts(repo, pull);
  emit(pullRequestEvent(context, repo, pull, facts, action, sender, extra));
}

function parseHead(repo: RepoHandle, head: string): string | null {
  const colon = head.indexOf(":");
  if (colon === -1) return head;
  // Forks are not simulated, so the head must live in this repository.
  const owner = head.slice(0, colon);
  return owner.toLowerCase() === repo.owner.toLowerCase() ? head.slice(colon + 1) : null;
}

function findOpenDuplicate(repo: RepoHandle, headRef: string, baseRef: string, except?: number): PullRecord | undefined {
  return repo.state.data.pulls.find(
    (pull) => pull.state === "open" && pull.headRef === headRef && pull.baseRef === baseRef && pull.number !== except,
  );
}

function duplicateError(repo: RepoHandle, headRef: string): ApiError {
  return validationFailed([
    { resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${headRef}.` },
  ]);
}

export async function createPull(
  context: SimulatorContext,
  repo: RepoHandle,
  actor: SimulatedAccount,
  input: CreatePullInput,
  emit: EmitEvent,
): Promise<PullRecord> {
  const headRef = parseHead(repo, input.head);
  const headSha = headRef ? await branchTip(repo, headRef) : null;
  const baseSha = await branchTip(repo, input.base);

  if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  if (!headRef || !headSha) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  if (findOpenDuplicate(repo, headRef, input.base)) throw duplicateError(repo, headRef);
  if ((await repo.git.countCommits(baseSha, headSha)) === 0) {
    throw validationFailed([
      { resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${headRef}` },
    ]);
  }

  const now = githubTimestamp();
  const pull: PullRecord = {
    number: repo.state.nextNumber(),
    id: repo.state.nextId(),
    title: input.title,
    body: input.body ?? null,
    state: "open",
    draft: input.draft ?? false,
    maintainerCanModify: input.maintainerCanModify ?? false,
    headRef,
    baseRef: input.base,
    headSha,
    baseSha,
    login: actor.login,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    mergedBy: null,
    labels: [],
    requestedReviewers: [],
    requestedTeams: [],
    reviews: [],
    comments: [],
  };
  repo.state.data.pulls.push(pull);

  await emitPullEvent(context, repo, pull, "opened", actor, emit);
  return pull;
}

async function closeOpenPull(repo: RepoHandle, pull: PullRecord): Promise<void> {
  const tips = await pullTips(repo, pull);
  const now = githubTimestamp();
  pull.state = "closed";
  pull.headSha = tips.headSha;
  pull.baseSha = tips.baseSha;
  pull.closedAt = now;
  pull.updatedAt = now;
}

async function reopenPull(repo: RepoHandle, pull: PullRecord): Promise<void> {
  // NOTE: the wording of these two refusals is a best guess; GitHub does not document it.
  if (pull.mergedAt) {
    throw validationFailed([
      { resource: "PullRequest", field: "state", code: "custom", message: "state cannot be changed. The pull request was merged." },
    ]);
  }
  const headSha = await branchTip(repo, pull.headRef);
  if (!headSha) {
    throw validationFailed([
      {
        resource: "PullRequest",
        field: "state",
        code: "custom",
        message: `state cannot be changed. The ${pull.headRef} branch has been deleted.`,
      },
    ]);
  }
  if (findOpenDuplicate(repo, pull.headRef, pull.baseRef, pull.number)) throw duplicateError(repo, pull.headRef);

  pull.state = "open";
  pull.headSha = headSha;
  pull.closedAt = null;
  pull.updatedAt = githubTimestamp();
}

export async function updatePull(
  context: SimulatorContext,
  repo: RepoHandle,
  actor: SimulatedAccount,
  pull: PullRecord,
  input: UpdatePullInput,
  emit: EmitEvent,
): Promise<void> {
  const changes: Record<string, unknown> = {};

  if (input.base !== undefined && input.base !== pull.baseRef) {
    const baseSha = await branchTip(repo, input.base);
    if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    if (pull.state === "open" && findOpenDuplicate(repo, pull.headRef, input.base, pull.number)) {
      throw duplicateError(repo, pull.headRef);
    }
    changes.base = { ref: { from: pull.baseRef }, sha: { from: pull.baseSha } };
    pull.baseRef = input.base;
    pull.baseSha = baseSha;
  }
  if (input.title !== undefined && input.title !== pull.title) {
    changes.title = { from: pull.title };
    pull.title = input.title;
  }
  if (input.body !== undefined && input.body !== pull.body) {
    changes.body = { from: pull.body ?? "" };
    pull.body = input.body;
  }
  if (input.maintainerCanModify !== undefined) pull.maintainerCanModify = input.maintainerCanModify;

  const edited = Object.keys(changes).length > 0;
  if (edited) pull.updatedAt = githubTimestamp();

  let stateAction: "closed" | "reopened" | null = null;
  if (input.state === "closed" && pull.state === "open") {
    await closeOpenPull(repo, pull);
    stateAction = "closed";
  } else if (input.state === "open" && pull.state === "closed") {
    await reopenPull(repo, pull);
    stateAction = "reopened";
  }

  if (edited) await emitPullEvent(context, repo, pull, "edited", actor, emit, { changes });
  if (stateAction) await emitPullEvent(context, repo, pull, stateAction, actor, emit);
}

function mergeCommitMessage(repo: RepoHandle, pull: PullRecord, input: MergePullInput): string {
  const squash = input.mergeMethod === "squash";
  const title =
    input.commitTitle ?? (squash ? `${pull.title} (#${pull.number})` : `Merge pull request #${pull.number} from ${repo.owner}/${pull.headRef}`);
  const message = input.commitMessage ?? (squash ? (pull.body ?? "") : pull.title);
  return message.length > 0 ? `${title}\n\n${message}\n` : `${title}\n`;
}

export async function mergePull(
  context: SimulatorContext,
  repo: RepoHandle,
  actor: SimulatedAccount,
  pull: PullRecord,
  input: MergePullInput,
  emit: EmitEvent,
): Promise<{ sha: string }> {
  if (input.mergeMethod === "rebase") throw new ApiError(405, "Rebase merges are not allowed on this repository.");
  if (pull.state !== "open") throw new ApiError(405, "Pull Request is not mergeable");
  if (pull.draft) throw new ApiError(405, "Pull Request is still a draft");

  const { headSha, baseSha } = await pullTips(repo, pull);
  if (input.sha !== undefined && input.sha !== headSha) {
    throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
  }

  const merge = await repo.git.mergeTrees(baseSha, headSha);
  if (!merge.tree) throw new ApiError(405, "Pull Request is not mergeable");

  const now = githubTimestamp();
  const parents = input.mergeMethod === "squash" ? [baseSha] : [baseSha, headSha];
  const mergeSha = await repo.git.commitTree({
    tree: merge.tree,
    parents,
    message: mergeCommitMessage(repo, pull, input),
    author: { name: actor.name ?? actor.login, email: context.accounts.commitEmail(actor), date: now },
    committer: { name: "GitHub", email: "noreply@github.com", date: now },
  });
  try {
    await repo.git.updateRef(branchRef(pull.baseRef), mergeSha, baseSha);
  } catch (error) {
    // Only a push outside the API (straight into the bare repository) can move the base here.
    if (error instanceof RefUpdateConflictError) {
      throw new ApiError(409, "Base branch was modified. Review and try the merge again.");
    }
    throw error;
  }

  pull.state = "closed";
  pull.headSha = headSha;
  pull.baseSha = baseSha;
  pull.mergedAt = now;
  pull.closedAt = now;
  pull.updatedAt = now;
  pull.mergeCommitSha = mergeSha;
  pull.mergedBy = actor.login;

  await emitPullEvent(context, repo, pull, "closed", actor, emit);
  await handleBranchMoved(context, repo, actor, branchRef(pull.baseRef), baseSha, mergeSha, emit);
  return { sha: mergeSha };
}

export async function submitReview(
  context: SimulatorContext,
  repo: RepoHandle,
  actor: SimulatedAccount,
  pull: PullRecord,
  input: { event?: ReviewEvent; body?: string; commitId?: string },
  emit: EmitEvent,
): Promise<ReviewRecord> {
  const body = input.body ?? "";
  // NOTE: GitHub's exact wording for these refusals is not documented; these follow the
  // "Review ..." form its validation-error-simple responses use.
  if (input.event === "APPROVE" && actor.login === pull.login) {
    throw unprocessable(["Review Can not approve your own pull request"]);
  }
  if (input.event === "REQUEST_CHANGES" && actor.login === pull.login) {
    throw unprocessable(["Review Can not request changes on your own pull request"]);
  }
  if ((input.event === "REQUEST_CHANGES" || input.event === "COMMENT") && body.trim().length === 0) {
    throw unprocessable([`Review body is required for the ${input.event} event`]);
  }

  const { headSha } = await pullTips(repo, pull);
  if (input.commitId !== undefined && (await repo.git.objectType(input.commitId)) !== "commit") {
    throw unprocessable([`Review commit_id ${input.commitId} is not a commit in ${repo.fullName}`]);
  }

  const review: ReviewRecord = {
    id: repo.state.nextId(),
    login: actor.login,
    state: input.event ? REVIEW_STATES[input.event] : "PENDING",
    body,
    commitId: input.commitId ?? headSha,
    submittedAt: input.event ? githubTimestamp() : null,
  };
  pull.reviews.push(review);

  if (input.event) {
    pull.requestedReviewers = pull.requestedReviewers.filter((login) => login.toLowerCase() !== actor.login.toLowerCase());
    pull.updatedAt = githubTimestamp();
    const facts = await pullFacts(repo, pull);
    emit(pullRequestReviewEvent(context, repo, pull, facts, review, actor));
  }
  return review;
}

export function requestReviewers(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  input: { reviewers: string[]; teamReviewers: string[] },
): void {
  for (const login of input.reviewers) {
    if (login.toLowerCase() === pull.login.toLowerCase()) {
      throw validationFailed([
        { resource: "PullRequest", code: "custom", message: "Review cannot be requested from pull request author." },
      ]);
    }
    if (!context.accounts.isCollaborator(login)) {
      throw validationFailed([
        {
          resource: "PullRequest",
          code: "custom",
          message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
        },
      ]);
    }
  }

  for (const login of input.reviewers) {
    const account = context.accounts.get(login);
    if (!pull.requestedReviewers.includes(account.login)) pull.requestedReviewers.push(account.login);
  }
  for (const slug of input.teamReviewers) {
    if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
  }
  pull.updatedAt = githubTimestamp();
}

// Follows a branch that moved through the API: open pull requests from that branch get a
// `synchronize` event, and deleting the branch closes them, as it does on GitHub.
export async function handleBranchMoved(
  context: SimulatorContext,
  repo: RepoHandle,
  actor: SimulatedAccount,
  ref: string,
  before: string,
  after: string | null,
  emit: EmitEvent,
): Promise<void> {
  if (!ref.startsWith("refs/heads/")) return;
  const branch = ref.slice("refs/heads/".length);
  const affected = repo.state.data.pulls.filter((pull) => pull.state === "open" && pull.headRef === branch);

  for (const pull of affected) {
    if (after === null || after === ZERO_SHA) {
      pull.headSha = before;
      pull.baseSha = (await branchTip(repo, pull.baseRef)) ?? pull.baseSha;
      pull.state = "closed";
      pull.closedAt = githubTimestamp();
      pull.updatedAt = pull.closedAt;
      await emitPullEvent(context, repo, pull, "closed", actor, emit);
      continue;
    }

    if (pull.headSha === after) continue;
    const previous = pull.headSha;
    pull.headSha = after;
    pull.updatedAt = githubTimestamp();
    await emitPullEvent(context, repo, pull, "synchronize", actor, emit, { before: previous, after });
  }
}
