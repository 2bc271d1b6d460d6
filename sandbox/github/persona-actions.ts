import { ApiError } from "./api-error";
import { mergePull, requirePull, submitReview, updatePull } from "./pull-requests";
import type { EmitEvent, RepoHandle, SimulatorContext } from "./simulator-context";
import { githubTimestamp } from "./timestamps";

export type PersonaAction = "approve" | "request_changes" | "merge" | "close" | "reopen";

export interface PersonaActionInput {
  body?: string;
  mergeMethod?: "merge" | "squash";
  sha?: string;
}

export interface PersonaActionResult {
  message: string;
  sha?: string;
  reviewId?: number;
}

// Acts on a pull request as one of the configured personas, as a reviewer would on GitHub's
// pull request page. Runs in the repository's write queue and saves state afterwards.
export async function runPersonaAction(
  context: SimulatorContext,
  repo: RepoHandle,
  pullNumber: number,
  login: string,
  action: PersonaAction,
  input: PersonaActionInput,
  emit: EmitEvent,
): Promise<PersonaActionResult> {
  const actor = context.accounts.find(login);
  if (!actor || (actor.type !== "User" && actor.type !== "Bot")) {
    const known = context.accounts.personaLogins.join(", ") || "none configured";
    throw new ApiError(422, `Unknown persona "${login}". Use one of: ${known}.`);
  }

  return repo.writes.run(async () => {
    try {
      const pull = requirePull(repo, pullNumber);
      switch (action) {
        case "approve":
        case "request_changes": {
          const event = action === "approve" ? "APPROVE" : "REQUEST_CHANGES";
          const review = await submitReview(context, repo, actor, pull, { event, body: input.body }, emit);
          return { message: `${actor.login} submitted a review: ${review.state.toLowerCase().replace("_", " ")}.`, reviewId: review.id };
        }
        case "merge": {
          const { sha } = await mergePull(context, repo, actor, pull, { mergeMethod: input.mergeMethod, sha: input.sha }, emit);
          return { message: `${actor.login} merged pull request #${pull.number}.`, sha };
        }
        case "close":
          if (pull.state === "closed") throw new ApiError(422, `Pull request #${pull.number} is already closed.`);
          await updatePull(context, repo, actor, pull, { state: "closed" }, emit);
          return { message: `${actor.login} closed pull request #${pull.number}.` };
        case "reopen":
          if (pull.state === "open") throw new ApiError(422, `Pull request #${pull.number} is already open.`);
          await updatePull(context, repo, actor, pull, { state: "open" }, emit);
          return { message: `${actor.login} reopened pull request #${pull.number}.` };
      }
    } finally {
      await repo.state.save();
    }
  });
}

// Adds an issue comment as a persona; the HTML page uses it for its "Comment" button.
export async function addPersonaComment(
  context: SimulatorContext,
  repo: RepoHandle,
  pullNumber: number,
  login: string,
  body: string,
): Promise<PersonaActionResult> {
  const actor = context.accounts.find(login);
  if (!actor) throw new ApiError(422, `Unknown persona "${login}".`);
  if (body.trim().length === 0) throw new ApiError(422, "Comment body is empty. Type a comment before sending it.");

  return repo.writes.run(async () => {
    const pull = requirePull(repo, pullNumber);
    const now = githubTimestamp();
    pull.comments.push({ id: repo.state.nextId(), login: actor.login, body, createdAt: now, updatedAt: now });
    pull.updatedAt = now;
    await repo.state.save();
    return { message: `${actor.login} commented on pull request #${pull.number}.` };
  });
}
