import { pathToFileURL } from "node:url";

import { simpleUserJson } from "./account-json";
import type { RepoHandle, SimulatorContext } from "./simulator-context";
import { nodeId } from "./users";

// GitHub's `repository` object, used inside pull requests and webhook payloads.
export function repositoryJson(context: SimulatorContext, repo: RepoHandle): Record<string, unknown> {
  const { apiUrl, publicUrl } = context;
  const url = `${apiUrl}/repos/${repo.owner}/${repo.name}`;
  const htmlUrl = `${publicUrl}/${repo.owner}/${repo.name}`;
  const owner = simpleUserJson(apiUrl, publicUrl, context.accounts.organization(repo.owner));
  const openIssues = repo.state.data.pulls.filter((pull) => pull.state === "open").length;
  // Clones work straight from the bare repository on disk.
  const cloneUrl = pathToFileURL(repo.gitDir).href;
  const createdAt = repo.state.data.createdAt;

  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner,
    private: true,
    html_url: htmlUrl,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: cloneUrl,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: cloneUrl,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: cloneUrl,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: htmlUrl,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "private",
    pushed_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: false,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    use_squash_pr_title_as_default: true,
    squash_merge_commit_title: "PR_TITLE",
    squash_merge_commit_message: "PR_BODY",
    merge_commit_title: "MERGE_MESSAGE",
    merge_commit_message: "PR_TITLE",
    allow_forking: false,
    web_commit_signoff_required: false,
    license: null,
  };
}

// GET /repos/{owner}/{repo}: the `full-repository` object.
export function fullRepositoryJson(context: SimulatorContext, repo: RepoHandle): Record<string, unknown> {
  return {
    ...repositoryJson(context, repo),
    organization: simpleUserJson(context.apiUrl, context.publicUrl, context.accounts.organization(repo.owner)),
    subscribers_count: 0,
    network_count: 0,
    temp_clone_token: null,
  };
}
