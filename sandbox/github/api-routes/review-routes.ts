import { z } from "zod";

import { notFound, parseInput } from "../api-error";
import { pageResult, paginate } from "../http-io";
import { reviewJson } from "../pull-json";
import { requirePull, submitReview } from "../pull-requests";
import { repoRoute, type ApiRoute } from "../router";

const createReviewSchema = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
  comments: z.array(z.unknown()).optional(),
});

export const reviewRoutes: ApiRoute[] = [
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    "pulls/list-reviews",
    "https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, Number(call.params.pull_number));
      // Pending reviews are private to their author, so the list shows them to the author only.
      const visible = pull.reviews.filter((review) => review.state !== "PENDING" || review.login === call.actor.login);
      const page = paginate(visible, call.url, call.context.apiUrl);
      return pageResult({
        items: page.items.map((review) => reviewJson(call.context, call.repo, pull, review)),
        link: page.link,
      });
    },
  ),
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
    "pulls/get-review",
    "https://docs.github.com/rest/pulls/reviews#get-a-review-for-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, Number(call.params.pull_number));
      const review = pull.reviews.find((candidate) => candidate.id === Number(call.params.review_id));
      if (!review) throw notFound();
      return { status: 200, body: reviewJson(call.context, call.repo, pull, review) };
    },
  ),
  repoRoute(
    "POST",
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    "pulls/create-review",
    "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
    async (call) => {
      const pull = requirePull(call.repo, Number(call.params.pull_number));
      const input = parseInput(createReviewSchema, call.body);
      const review = await submitReview(
        call.context,
        call.repo,
        call.actor,
        pull,
        { event: input.event, body: input.body, commitId: input.commit_id },
        call.emit,
      );
      return { status: 200, body: reviewJson(call.context, call.repo, pull, review) };
    },
  ),
];
