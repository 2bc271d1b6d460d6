import type { SimulatedApp } from "./app-auth";
import type { FaultRegistry } from "./faults";
import type { GitRepository } from "./git-repository";
import type { SerialQueue } from "./json-file";
import type { OrganizationDirectory } from "./organizations";
import type { RepoStateStore } from "./repo-state";
import type { AccountDirectory } from "./users";
import type { WebhookDeliveries } from "./webhook-deliveries";

export interface RepoHandle {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  defaultBranch: string;
  gitDir: string;
  git: GitRepository;
  state: RepoStateStore;
  // Serializes every change to this repository's refs and state.
  writes: SerialQueue;
}

export interface WebhookEvent {
  name: "pull_request" | "pull_request_review";
  payload: Record<string, unknown>;
}

// Collects webhook events while a request runs; they are delivered after the response.
export type EmitEvent = (event: WebhookEvent) => void;

export interface SimulatorContext {
  // Base of API `url` fields (the listening URL).
  apiUrl: string;
  // Base of `html_url` fields and the HTML pages.
  publicUrl: string;
  accounts: AccountDirectory;
  repos: Map<string, RepoHandle>;
  installationId: number;
  organizations: OrganizationDirectory;
  // The GitHub App whose JWTs the /app endpoints accept; undefined: App auth is off.
  app?: SimulatedApp;
  // Installation tokens minted by POST /app/installations/{id}/access_tokens, with their expiry in ms.
  installationTokens: Map<string, number>;
}

export function findRepo(context: SimulatorContext, owner: string, name: string): RepoHandle | undefined {
  return context.repos.get(`${owner}/${name}`.toLowerCase());
}

// The context plus the sandbox-only machinery that the control endpoints drive.
export interface SimulatorRuntime extends SimulatorContext {
  deliveries: WebhookDeliveries;
  faults: FaultRegistry;
}
