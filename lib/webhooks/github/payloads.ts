import { z } from "zod";

// Only the fields the portal reads; GitHub sends many more, and zod drops them.

const account = z.object({ login: z.string() });

const repository = z.object({ full_name: z.string() });

export const pullRequestPayload = z.object({
  action: z.string(),
  number: z.number().int(),
  repository,
  sender: account,
  pull_request: z.object({
    number: z.number().int(),
    merged: z.boolean().nullable().optional(),
    merge_commit_sha: z.string().nullable().optional(),
    merged_by: account.nullable().optional(),
    head: z.object({ ref: z.string(), sha: z.string() }),
  }),
});

export const pullRequestReviewPayload = z.object({
  action: z.string(),
  repository,
  review: z.object({ state: z.string(), user: account.nullable(), commit_id: z.string().nullable().optional() }),
  pull_request: z.object({
    number: z.number().int(),
    head: z.object({ ref: z.string(), sha: z.string() }),
  }),
});
