import { pathToFileURL } from "node:url";

import { ApiError } from "./api-error";
import {
  renderBlobPage,
  renderCommitPage,
  renderErrorPage,
  renderPullListPage,
  renderPullPage,
  renderRepositoryIndex,
  renderTreePage,
  type FileDiffView,
} from "./html-pages";
import { addPersonaComment, runPersonaAction, type PersonaAction, type PersonaActionResult } from "./persona-actions";
import { pullFacts, requirePull } from "./pull-requests";
import { combinedState, latestStatuses } from "./pull-json";
import { findRoute } from "./router";
import { findRepo, type EmitEvent, type RepoHandle, type SimulatorRuntime } from "./simulator-context";

export interface HtmlResult {
  status: number;
  html?: string;
  redirect?: string;
  raw?: Buffer;
}

interface HtmlCall {
  params: Record<string, string>;
  url: URL;
  body: Buffer;
  runtime: SimulatorRuntime;
  emit: EmitEvent;
}

interface HtmlRoute {
  method: string;
  template: string;
  handle(call: HtmlCall): Promise<HtmlResult>;
}

const FORM_ACTIONS: Record<string, PersonaAction | "comment"> = {
  approve: "approve",
  request_changes: "request_changes",
  merge: "merge",
  close: "close",
  reopen: "reopen",
  comment: "comment",
};

class PageNotFound extends Error {}

function requireRepo(call: HtmlCall): RepoHandle {
  const repo = findRepo(call.runtime, call.params.owner ?? "", call.params.repo ?? "");
  if (!repo) throw new PageNotFound(`Repository ${call.params.owner ?? ""}/${call.params.repo ?? ""} is not simulated here.`);
  return repo;
}

async function diffViews(repo: RepoHandle, from: string, to: string): Promise<FileDiffView[]> {
  const changes = await repo.git.diffFiles(from, to);
  const views: FileDiffView[] = [];
  for (const change of changes) {
    views.push({ change, patch: change.binary ? undefined : await repo.git.filePatch(from, to, change.path) });
  }
  return views;
}

function describeError(error: ApiError): string {
  const details = (error.details.errors ?? []).map((item) =>
    typeof item === "string" ? item : (item.message ?? `${item.field ?? item.resource ?? "value"} is ${item.code}`),
  );
  return details.length > 0 ? `${error.message}: ${details.join("; ")}` : error.message;
}

async function renderPull(call: HtmlCall): Promise<HtmlResult> {
  const repo = requireRepo(call);
  let pull;
  try {
    pull = requirePull(repo, Number(call.params.pull_number));
  } catch {
    throw new PageNotFound(`Pull request #${call.params.pull_number ?? ""} does not exist in ${repo.fullName}.`);
  }

  const facts = await pullFacts(repo, pull);
  const mergeBase = (await repo.git.mergeBase(facts.baseSha, facts.headSha)) ?? facts.baseSha;
  const statuses = latestStatuses(repo.state.data.statuses.filter((status) => status.sha === facts.headSha));

  const html = renderPullPage({
    owner: repo.owner,
    repo: repo.name,
    pull,
    facts,
    files: await diffViews(repo, mergeBase, facts.headSha),
    combinedState: combinedState(statuses),
    statuses,
    personas: call.runtime.accounts.personaLogins,
    selectedPersona: call.url.searchParams.get("as") ?? undefined,
    notice: call.url.searchParams.get("notice") ?? undefined,
    error: call.url.searchParams.get("error") ?? undefined,
  });
  return { status: 200, html };
}

// Handles the pull request page's form and redirects back (POST/redirect/GET), carrying the
// outcome and the chosen persona in the query string.
async function actOnPull(call: HtmlCall): Promise<HtmlResult> {
  const repo = requireRepo(call);
  const form = new URLSearchParams(call.body.toString("utf8"));
  const login = form.get("actor") ?? "";
  const action = FORM_ACTIONS[form.get("action") ?? ""];
  const body = form.get("body") ?? "";
  const mergeMethod = form.get("merge_method") === "squash" ? "squash" : "merge";
  const pullNumber = Number(call.params.pull_number);

  const target = new URL(`/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/pull/${pullNumber}`, call.url);
  target.searchParams.set("as", login);

  try {
    if (!action) throw new ApiError(422, `Unknown action "${form.get("action") ?? ""}". Use one of the page's buttons.`);
    let result: PersonaActionResult;
    if (action === "comment") {
      result = await addPersonaComment(call.runtime, repo, pullNumber, login, body);
    } else {
      result = await runPersonaAction(call.runtime, repo, pullNumber, login, action, { body, mergeMethod }, call.emit);
    }
    target.searchParams.set("notice", result.message);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    target.searchParams.set("error", describeError(error));
  }

  return { status: 303, redirect: `${target.pathname}${target.search}` };
}

async function resolveRef(repo: RepoHandle, ref: string): Promise<string> {
  const commitSha = await repo.git.resolveCommit(ref === "HEAD" ? repo.defaultBranch : ref);
  if (!commitSha) throw new PageNotFound(`Ref ${ref} does not exist in ${repo.fullName}.`);
  return commitSha;
}

async function readFileAt(call: HtmlCall): Promise<{ repo: RepoHandle; content: Buffer; path: string; ref: string }> {
  const repo = requireRepo(call);
  const ref = call.params.ref ?? "";
  const commit = await repo.git.readCommit(await resolveRef(repo, ref));
  const filePath = call.params.path ?? "";
  const entry = commit ? await repo.git.entryAt(commit.tree, filePath) : null;
  if (!entry || entry.type !== "blob") throw new PageNotFound(`File ${filePath} does not exist at ${ref}.`);
  return { repo, content: (await repo.git.readBlob(entry.sha)) ?? Buffer.alloc(0), path: filePath, ref };
}

const htmlRoutes: HtmlRoute[] = [
  // Browsers request it on every page; an empty 204 response keeps their consoles quiet.
  { method: "GET", template: "/favicon.ico", handle: async () => ({ status: 204 }) },
  {
    method: "GET",
    template: "/",
    async handle(call) {
      const repositories = [...call.runtime.repos.values()].map((repo) => ({
        owner: repo.owner,
        name: repo.name,
        cloneUrl: pathToFileURL(repo.gitDir).href,
      }));
      return { status: 200, html: renderRepositoryIndex(repositories) };
    },
  },
  {
    method: "GET",
    template: "/{owner}/{repo}",
    async handle(call) {
      const repo = requireRepo(call);
      return { status: 200, html: renderPullListPage(repo.owner, repo.name, repo.state.data.pulls) };
    },
  },
  { method: "GET", template: "/{owner}/{repo}/pull/{pull_number}", handle: renderPull },
  { method: "POST", template: "/{owner}/{repo}/pull/{pull_number}", handle: actOnPull },
  {
    method: "GET",
    template: "/{owner}/{repo}/commit/{sha}",
    async handle(call) {
      const repo = requireRepo(call);
      const commit = await repo.git.readCommit(await resolveRef(repo, call.params.sha ?? ""));
      if (!commit) throw new PageNotFound(`Commit ${call.params.sha ?? ""} does not exist.`);
      const parent = commit.parents[0];
      const files = parent ? await diffViews(repo, parent, commit.sha) : [];
      return { status: 200, html: renderCommitPage(repo.owner, repo.name, commit, files) };
    },
  },
  {
    method: "GET",
    template: "/{owner}/{repo}/tree/{ref}/{path*}",
    async handle(call) {
      const repo = requireRepo(call);
      const ref = call.params.ref ?? "";
      const commit = await repo.git.readCommit(await resolveRef(repo, ref));
      const dirPath = call.params.path ?? "";
      const entry = commit ? await repo.git.entryAt(commit.tree, dirPath) : null;
      if (!entry || entry.type !== "tree") throw new PageNotFound(`Directory ${dirPath} does not exist at ${ref}.`);
      const entries = await repo.git.listTree(entry.sha, { recursive: false });
      return { status: 200, html: renderTreePage(repo.owner, repo.name, ref, dirPath, entries) };
    },
  },
  {
    method: "GET",
    template: "/{owner}/{repo}/blob/{ref}/{path+}",
    async handle(call) {
      const file = await readFileAt(call);
      return { status: 200, html: renderBlobPage(file.repo.owner, file.repo.name, file.ref, file.path, file.content) };
    },
  },
  {
    method: "GET",
    template: "/{owner}/{repo}/raw/{ref}/{path+}",
    async handle(call) {
      const file = await readFileAt(call);
      return { status: 200, raw: file.content };
    },
  },
];

export async function handleHtmlRequest(
  runtime: SimulatorRuntime,
  method: string,
  url: URL,
  body: Buffer,
  emit: EmitEvent,
): Promise<HtmlResult | null> {
  const match = findRoute(htmlRoutes, method, url.pathname);
  if (!match) return null;

  try {
    return await match.route.handle({ params: match.params, url, body, runtime, emit });
  } catch (error) {
    if (error instanceof PageNotFound) return { status: 404, html: renderErrorPage(404, error.message) };
    throw error;
  }
}
