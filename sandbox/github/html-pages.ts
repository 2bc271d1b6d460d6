import type { CommitObject, FileChange, TreeEntry } from "./git-repository";
import { escapeHtml, renderLayout, safeLink } from "./html-layout";
import type { PullFacts } from "./pull-json";
import type { PullRecord, StatusRecord } from "./repo-state";

export interface FileDiffView {
  change: FileChange;
  patch: string | undefined;
}

export interface PullPageView {
  owner: string;
  repo: string;
  pull: PullRecord;
  facts: PullFacts;
  files: FileDiffView[];
  combinedState: string;
  statuses: StatusRecord[];
  personas: string[];
  selectedPersona: string | undefined;
  notice: string | undefined;
  error: string | undefined;
}

function repoPath(owner: string, repo: string): string {
  return `/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

function pullState(pull: PullRecord): { label: string; css: string } {
  if (pull.mergedAt) return { label: "Merged", css: "state-merged" };
  return pull.state === "open" ? { label: "Open", css: "state-open" } : { label: "Closed", css: "state-closed" };
}

export function renderDiff(files: FileDiffView[]): string {
  if (files.length === 0) return `<p class="muted">No files changed.</p>`;
  return files
    .map(({ change, patch }) => {
      const lines = (patch ?? "")
        .split("\n")
        .map((line) => {
          const css = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
          return `<span${css ? ` class="${css}"` : ""}>${escapeHtml(line) || " "}</span>`;
        })
        .join("");
      const body = change.binary ? `<p class="muted">Binary file not shown.</p>` : `<pre class="diff">${lines}</pre>`;
      return `<details open>
<summary><strong>${escapeHtml(change.path)}</strong> <span class="muted">${change.status}, +${change.additions} −${change.deletions}</span></summary>
${body}
</details>`;
    })
    .join("\n");
}

function renderMessages(view: { notice: string | undefined; error: string | undefined }): string {
  const parts: string[] = [];
  if (view.error) parts.push(`<div class="alert" role="alert">${escapeHtml(view.error)}</div>`);
  if (view.notice) parts.push(`<div class="notice" role="status">${escapeHtml(view.notice)}</div>`);
  return parts.join("\n");
}

function renderActionForm(view: PullPageView): string {
  const { pull, facts } = view;
  const options = view.personas
    .map((login) => {
      const selected = login === view.selectedPersona ? " selected" : "";
      return `<option value="${escapeHtml(login)}"${selected}>${escapeHtml(login)}</option>`;
    })
    .join("");
  const action = `${repoPath(view.owner, view.repo)}/pull/${pull.number}`;

  let buttons: string;
  if (pull.state === "open") {
    const conflict = facts.mergeable === false;
    buttons = `<button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="request_changes">Request changes</button>
<button type="submit" name="action" value="comment">Comment</button>
<button type="submit" name="action" value="merge" class="primary"${conflict ? " disabled" : ""}>Merge pull request</button>
<button type="submit" name="action" value="close" class="danger">Close pull request</button>`;
    if (conflict) buttons += `\n<p class="muted">This branch has conflicts with ${escapeHtml(pull.baseRef)} and cannot be merged.</p>`;
  } else if (!pull.mergedAt) {
    buttons = `<button type="submit" name="action" value="comment">Comment</button>
<button type="submit" name="action" value="reopen">Reopen pull request</button>`;
  } else {
    buttons = `<button type="submit" name="action" value="comment">Comment</button>`;
  }

  const mergeMethod =
    pull.state === "open"
      ? `<label for="merge-method">Merge method</label>
<select id="merge-method" name="merge_method"><option value="merge">Create a merge commit</option><option value="squash">Squash and merge</option></select>`
      : "";

  return `<section aria-labelledby="actions-heading">
<h2 id="actions-heading">Review and merge</h2>
<form class="actions" method="post" action="${escapeHtml(action)}">
<label for="actor">Act as</label>
<select id="actor" name="actor">${options}</select>
<label for="review-body">Comment or review message</label>
<textarea id="review-body" name="body"></textarea>
${mergeMethod}
<div class="buttons">
${buttons}
</div>
</form>
</section>`;
}

export function renderPullPage(view: PullPageView): string {
  const { pull, facts } = view;
  const state = pullState(pull);
  const merged = pull.mergedAt
    ? ` ${escapeHtml(pull.mergedBy ?? "someone")} merged commit <code>${escapeHtml((pull.mergeCommitSha ?? "").slice(0, 7))}</code> into <code>${escapeHtml(pull.baseRef)}</code> at ${escapeHtml(pull.mergedAt)}.`
    : "";
  const labels = pull.labels.length > 0 ? pull.labels.map((label) => `<code>${escapeHtml(label)}</code>`).join(" ") : "None";
  const reviewers =
    [...pull.requestedReviewers, ...pull.requestedTeams.map((team) => `team ${team}`)].map(escapeHtml).join(", ") || "None";

  const statuses =
    view.statuses.length === 0
      ? `<p class="muted">No statuses reported for ${escapeHtml(facts.headSha.slice(0, 7))}.</p>`
      : `<p>Combined state: <strong>${escapeHtml(view.combinedState)}</strong></p><table><thead><tr><th>Context</th><th>State</th><th>Description</th></tr></thead><tbody>${view.statuses
          .map(
            (status) =>
              `<tr><td>${safeLink(status.targetUrl, status.context)}</td><td>${escapeHtml(status.state)}</td><td>${escapeHtml(status.description ?? "")}</td></tr>`,
          )
          .join("")}</tbody></table>`;

  const reviews =
    pull.reviews.filter((review) => review.state !== "PENDING").length === 0
      ? `<p class="muted">No reviews yet.</p>`
      : pull.reviews
          .filter((review) => review.state !== "PENDING")
          .map(
            (review) =>
              `<article id="pullrequestreview-${review.id}"><p><strong>${escapeHtml(review.login)}</strong> ${escapeHtml(review.state.toLowerCase().replace("_", " "))} <span class="muted">${escapeHtml(review.submittedAt ?? "")}</span></p>${review.body ? `<pre>${escapeHtml(review.body)}</pre>` : ""}</article>`,
          )
          .join("\n");

  const comments =
    pull.comments.length === 0
      ? `<p class="muted">No comments yet.</p>`
      : pull.comments
          .map(
            (comment) =>
              `<article id="issuecomment-${comment.id}"><p><strong>${escapeHtml(comment.login)}</strong> <span class="muted">${escapeHtml(comment.createdAt)}</span></p><pre>${escapeHtml(comment.body)}</pre></article>`,
          )
          .join("\n");

  const content = `<p><a href="${repoPath(view.owner, view.repo)}">${escapeHtml(view.owner)}/${escapeHtml(view.repo)}</a></p>
${renderMessages(view)}
<h1>${escapeHtml(pull.title)} <span class="muted">#${pull.number}</span></h1>
<p><span class="state ${state.css}" data-testid="pull-state">${state.label}</span>
<strong>${escapeHtml(pull.login)}</strong> wants to merge ${facts.commits} commit${facts.commits === 1 ? "" : "s"} into <code>${escapeHtml(pull.baseRef)}</code> from <code>${escapeHtml(pull.headRef)}</code>.${merged}</p>
<section aria-labelledby="body-heading">
<h2 id="body-heading">Description</h2>
${pull.body ? `<pre data-testid="pull-body">${escapeHtml(pull.body)}</pre>` : `<p class="muted">No description provided.</p>`}
<p>Labels: ${labels}</p>
<p>Requested reviewers: ${reviewers}</p>
</section>
<section aria-labelledby="statuses-heading"><h2 id="statuses-heading">Checks</h2>${statuses}</section>
<section aria-labelledby="reviews-heading"><h2 id="reviews-heading">Reviews</h2>${reviews}</section>
<section aria-labelledby="comments-heading"><h2 id="comments-heading">Comments</h2>${comments}</section>
${renderActionForm(view)}
<section aria-labelledby="files-heading">
<h2 id="files-heading">Files changed (${facts.changedFiles})</h2>
${renderDiff(view.files)}
</section>`;

  return renderLayout(`${pull.title} #${pull.number}`, content);
}

export function renderPullListPage(owner: string, repo: string, pulls: PullRecord[]): string {
  const rows = [...pulls]
    .sort((a, b) => b.number - a.number)
    .map((pull) => {
      const state = pullState(pull);
      return `<tr><td>#${pull.number}</td><td><a href="${repoPath(owner, repo)}/pull/${pull.number}">${escapeHtml(pull.title)}</a></td><td><span class="state ${state.css}">${state.label}</span></td><td><code>${escapeHtml(pull.headRef)}</code> → <code>${escapeHtml(pull.baseRef)}</code></td><td>${escapeHtml(pull.login)}</td><td>${escapeHtml(pull.updatedAt)}</td></tr>`;
    })
    .join("\n");
  const table =
    pulls.length === 0
      ? `<p class="muted">No pull requests yet.</p>`
      : `<table><thead><tr><th>Number</th><th>Title</th><th>State</th><th>Branches</th><th>Author</th><th>Updated</th></tr></thead><tbody>${rows}</tbody></table>`;
  const content = `<h1>${escapeHtml(owner)}/${escapeHtml(repo)}</h1>
<p><a href="${repoPath(owner, repo)}/tree/HEAD">Browse files</a></p>
<h2>Pull requests</h2>
${table}`;
  return renderLayout(`${owner}/${repo}`, content);
}

export function renderRepositoryIndex(repositories: Array<{ owner: string; name: string; cloneUrl: string }>): string {
  const items = repositories
    .map(
      (repo) =>
        `<li><a href="${repoPath(repo.owner, repo.name)}">${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}</a> <span class="muted">git clone ${escapeHtml(repo.cloneUrl)}</span></li>`,
    )
    .join("\n");
  return renderLayout("Repositories", `<h1>Repositories</h1><ul>${items}</ul>`);
}

export function renderCommitPage(owner: string, repo: string, commit: CommitObject, files: FileDiffView[]): string {
  const content = `<p><a href="${repoPath(owner, repo)}">${escapeHtml(owner)}/${escapeHtml(repo)}</a></p>
<h1>Commit <code>${escapeHtml(commit.sha.slice(0, 7))}</code></h1>
<pre>${escapeHtml(commit.message)}</pre>
<p>${escapeHtml(commit.author.name)} &lt;${escapeHtml(commit.author.email)}&gt; authored at ${escapeHtml(commit.author.date)}</p>
<p>Parents: ${commit.parents.map((parent) => `<a href="${repoPath(owner, repo)}/commit/${parent}"><code>${parent.slice(0, 7)}</code></a>`).join(", ") || "none"}</p>
<section><h2>Files changed</h2>${renderDiff(files)}</section>`;
  return renderLayout(`Commit ${commit.sha.slice(0, 7)}`, content);
}

export function renderTreePage(owner: string, repo: string, ref: string, dirPath: string, entries: TreeEntry[]): string {
  const base = `${repoPath(owner, repo)}`;
  const encodedRef = encodeURIComponent(ref);
  const rows = entries
    .map((entry) => {
      const fullPath = dirPath ? `${dirPath}/${entry.path}` : entry.path;
      const encodedPath = fullPath.split("/").map(encodeURIComponent).join("/");
      const kind = entry.type === "tree" ? "tree" : "blob";
      return `<li><a href="${base}/${kind}/${encodedRef}/${encodedPath}">${escapeHtml(entry.path)}${entry.type === "tree" ? "/" : ""}</a></li>`;
    })
    .join("\n");
  const content = `<p><a href="${base}">${escapeHtml(owner)}/${escapeHtml(repo)}</a> at <code>${escapeHtml(ref)}</code></p>
<h1>/${escapeHtml(dirPath)}</h1><ul>${rows}</ul>`;
  return renderLayout(`${owner}/${repo}/${dirPath}`, content);
}

export function renderBlobPage(owner: string, repo: string, ref: string, filePath: string, content: Buffer): string {
  const text = content.includes(0) ? "(binary file not shown)" : content.toString("utf8");
  const body = `<p><a href="${repoPath(owner, repo)}">${escapeHtml(owner)}/${escapeHtml(repo)}</a> at <code>${escapeHtml(ref)}</code></p>
<h1>${escapeHtml(filePath)}</h1><pre>${escapeHtml(text)}</pre>`;
  return renderLayout(filePath, body);
}

export function renderErrorPage(status: number, message: string): string {
  return renderLayout(String(status), `<h1>${status}</h1><p role="alert">${escapeHtml(message)}</p>`);
}
