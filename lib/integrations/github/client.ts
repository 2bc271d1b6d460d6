import "server-only";

import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

import { logger } from "@/lib/log";

const log = logger.child({ component: "github" });

const PortalOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof PortalOctokit>;

export interface GitHubClientOptions {
  baseUrl: string;
  token: string;
  /** How many times a rate-limited call is retried before it fails. */
  maxRateLimitRetries?: number;
}

/** Builds an Octokit client that waits out primary and secondary rate limits and retries 5xx. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxRetries = options.maxRateLimitRetries ?? 3;

  return new PortalOctokit({
    baseUrl: options.baseUrl,
    auth: options.token,
    userAgent: "secrets-portal",
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log.warn(message),
      // Octokit reports every non-2xx response here, expected 404s included; the portal
      // logs the failures it cannot handle where it catches them.
      error: (message: string) => log.debug(message),
    },
    throttle: {
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log.warn({ method: request.method, url: request.url, retryAfter, retryCount }, "github rate limit hit");
        return retryCount < maxRetries;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        log.warn({ method: request.method, url: request.url, retryAfter, retryCount }, "github secondary rate limit hit");
        return retryCount < maxRetries;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
  });
}
