import "server-only";

import { checkPullRequestPolicy } from "@/lib/requests/check-pull-request-policy";
import { commentPullRequest } from "@/lib/requests/comment-pull-request";
import { provisionSecret } from "@/lib/requests/provision-secret";
import { refreshPullRequest } from "@/lib/requests/refresh-pull-request";

import type { WorkerOptions } from "./worker";

export const jobHandlers: WorkerOptions["handlers"] = {
  "provision-secret": provisionSecret,
  "comment-pull-request": commentPullRequest,
  "check-pull-request-policy": checkPullRequestPolicy,
  "refresh-pull-request": refreshPullRequest,
};
