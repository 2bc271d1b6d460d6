import { readJsonFile, writeJsonAtomically } from "./json-file";
import { githubTimestamp } from "./timestamps";

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING" | "DISMISSED";

export interface ReviewRecord {
  id: number;
  login: string;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string | null;
}

export interface CommentRecord {
  id: number;
  login: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface PullRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  maintainerCanModify: boolean;
  headRef: string;
  baseRef: string;
  // Last known tips; live refs win while the pull request is open.
  headSha: string;
  baseSha: string;
  login: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  reviews: ReviewRecord[];
  comments: CommentRecord[];
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string;
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  targetUrl: string | null;
  description: string | null;
  context: string;
  login: string;
  createdAt: string;
  updatedAt: string;
}

export interface RepoStateData {
  version: 1;
  createdAt: string;
  // Pull requests and issues share one number sequence per repository, as on GitHub.
  nextNumber: number;
  nextId: number;
  pulls: PullRecord[];
  labels: LabelRecord[];
  statuses: StatusRecord[];
}

export class RepoStateStore {
  private constructor(
    private readonly filePath: string,
    readonly data: RepoStateData,
    // Keeps ids of different repositories apart without a shared counter.
    private readonly idBase: number,
  ) {}

  static async load(filePath: string, idBase: number): Promise<RepoStateStore> {
    const stored = (await readJsonFile(filePath)) as RepoStateData | undefined;
    const data: RepoStateData = stored ?? {
      version: 1,
      createdAt: githubTimestamp(),
      nextNumber: 1,
      nextId: 1,
      pulls: [],
      labels: [],
      statuses: [],
    };
    const store = new RepoStateStore(filePath, data, idBase);
    if (!stored) await store.save();
    return store;
  }

  nextNumber(): number {
    const number = this.data.nextNumber;
    this.data.nextNumber += 1;
    return number;
  }

  nextId(): number {
    const id = this.idBase + this.data.nextId;
    this.data.nextId += 1;
    return id;
  }

  findPull(number: number): PullRecord | undefined {
    return this.data.pulls.find((pull) => pull.number === number);
  }

  save(): Promise<void> {
    return writeJsonAtomically(this.filePath, this.data);
  }
}
