import path from "node:path";

import { GitRepository, ZERO_SHA } from "./git-repository";
import { SerialQueue } from "./json-file";
import { RepoStateStore } from "./repo-state";
import type { RepoHandle } from "./simulator-context";
import { githubTimestamp } from "./timestamps";
import { writeEditedTree } from "./tree-edit";
import { stableId } from "./users";

export interface RepositorySpec {
  owner: string;
  repo: string;
  defaultBranch?: string;
  seedFiles?: Record<string, string>;
}

export const DEFAULT_SEED_FILES: Record<string, string> = {
  "README.md": "# GitOps repository (sandbox)\n\nManifests that Argo CD or Flux apply to the clusters.\n",
  "apps/payments-api/dev/kustomization.yaml":
    "# Kustomize entry point for payments-api in dev; the secrets portal adds resources here.\n" +
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n",
};

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

function assertSafeName(kind: string, value: string): void {
  if (!NAME_PATTERN.test(value) || value === "." || value === "..") {
    throw new Error(`Invalid repository ${kind} "${value}": use letters, digits, ".", "_" or "-".`);
  }
}

// Opens the bare repository and its state file, creating and seeding them on first start.
export async function openRepository(dataDir: string, spec: RepositorySpec, seedAuthor: { name: string; email: string }): Promise<RepoHandle> {
  assertSafeName("owner", spec.owner);
  assertSafeName("name", spec.repo);

  const defaultBranch = spec.defaultBranch ?? "main";
  const gitDir = path.resolve(dataDir, spec.owner, `${spec.repo}.git`);
  const git = new GitRepository(gitDir);
  const fullName = `${spec.owner}/${spec.repo}`;

  if (!(await git.exists())) await git.init(defaultBranch);

  // A repository without any branch (first start, or an interrupted one) gets the seed commit.
  if ((await git.listRefs("refs/heads/")).length === 0) {
    const tree = await writeEditedTree(
      git,
      null,
      Object.entries(spec.seedFiles ?? DEFAULT_SEED_FILES).map(([filePath, content]) => ({
        path: filePath,
        mode: "100644" as const,
        type: "blob" as const,
        content,
      })),
    );
    const signature = { ...seedAuthor, date: githubTimestamp() };
    const commit = await git.commitTree({
      tree,
      parents: [],
      message: "Initial commit\n",
      author: signature,
      committer: signature,
    });
    await git.updateRef(`refs/heads/${defaultBranch}`, commit, ZERO_SHA);
  }

  const id = stableId("repository", fullName.toLowerCase());
  const state = await RepoStateStore.load(path.resolve(dataDir, spec.owner, `${spec.repo}.state.json`), (id % 1000) * 1_000_000);

  return {
    owner: spec.owner,
    name: spec.repo,
    fullName,
    id,
    defaultBranch,
    gitDir,
    git,
    state,
    writes: new SerialQueue(),
  };
}
