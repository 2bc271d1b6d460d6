import { simpleUserJson } from "./account-json";
import { pullJson, reviewJson, type PullFacts } from "./pull-json";
import type { PullRecord, ReviewRecord } from "./repo-state";
import { repositoryJson } from "./repository-json";
import type { RepoHandle, SimulatorContext, WebhookEvent } from "./simulator-context";
import type { SimulatedAccount } from "./users";

export type PullRequestAction = "opened" | "closed" | "reopened" | "edited" | "synchronize";

// Fields every webhook payload carries: the repository, the acting account and the installation.
function envelope(context: SimulatorContext, repo: RepoHandle, sender: SimulatedAccount): Record<string, unknown> {
  return {
    repository: repositoryJson(context, repo),
    sender: simpleUserJson(context.apiUrl, context.publicUrl, sender),
    installation: {
      id: context.installationId,
      node_id: Buffer.from(`023:IntegrationInstallation${context.installationId}`).toString("base64"),
    },
  };
}

export function pullRequestEvent(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  facts: PullFacts,
  action: PullRequestAction,
  sender: SimulatedAccount,
  extra: Record<string, unknown> = {},
): WebhookEvent {
  return {
    name: "pull_request",
    payload: {
      action,
      number: pull.number,
      ...extra,
      pull_request: pullJson(context, repo, pull, facts),
      ...envelope(context, repo, sender),
    },
  };
}

export function pullRequestReviewEvent(
  context: SimulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  facts: PullFacts,
  review: ReviewRecord,
  sender: SimulatedAccount,
): WebhookEvent {
  // Webhooks spell review states in lower case and send a null body when it is empty.
  const restReview = reviewJson(context, repo, pull, review);
  const webhookReview = {
    ...restReview,
    state: review.state.toLowerCase(),
    body: review.body.length > 0 ? review.body : null,
    submitted_at: review.submittedAt,
    updated_at: review.submittedAt,
  };

  return {
    name: "pull_request_review",
    payload: {
      action: "submitted",
      review: webhookReview,
      pull_request: pullJson(context, repo, pull, facts),
      ...envelope(context, repo, sender),
    },
  };
}
