import "server-only";

import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

import type { GitHubCredentials } from "@/lib/env";
import { logger } from "@/lib/log";

import type { GitHubWriteGate } from "./write-gate";

const log = logger.child({ component: "github" });

const PortalOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof PortalOctokit>;

export type GitHubClientOptions = {
  baseUrl: string;
  /** How many times a rate-limited call is retried before it fails. */
  maxRateLimitRetries?: number;
  /**
   * Unit of the waits between retries, in ms: a secondary rate limit waits retry-after
   * units (60 without the header) and a 5xx waits 1, 4, 9 units. Default 1000; tests
   * shorten it.
   */
  retryUnitMs?: number;
  /**
   * Key under which POST/PUT/PATCH/DELETE calls start one second apart: the throttling
   * plugin spaces them within this process, and writeGate across processes. One key per
   * installation or token.
   */
  writeQueueKey?: string;
  /** Spaces writes across portal processes; without it only this process's writes are spaced. */
  writeGate?: GitHubWriteGate;
  /**
   * false turns the throttling plugin off: no write queue and no waiting out rate limits.
   * Only for test and benchmark set-up against the simulator, which opens many pull
   * requests at once.
   */
  throttling?: boolean;
} & (
  | {
      /**
       * A token (personal, OAuth user or installation token), or the GitHub App whose
       * installation tokens the client creates and renews before they expire.
       */
      credentials: GitHubCredentials;
    }
  | { token: string }
);

/** Builds an Octokit client that waits out primary and secondary rate limits and retries 5xx. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const retryUnitMs = options.retryUnitMs ?? 1_000;

  const credentials: GitHubCredentials = "credentials" in options ? options.credentials : { kind: "token", token: options.token };
  const auth =
    credentials.kind === "app"
      ? {
          authStrategy: createAppAuth,
          auth: {
            appId: credentials.appId,
            privateKey: credentials.privateKey,
            installationId: credentials.installationId,
          },
        }
      : { auth: credentials.token };

  const writeQueueKey = options.writeQueueKey ?? `${options.baseUrl}#default`;
  const octokit = new PortalOctokit({
    baseUrl: options.baseUrl,
    ...auth,
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
      enabled: options.throttling ?? true,
      id: writeQueueKey,
      retryAfterBaseValue: retryUnitMs,
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
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451], retryAfterBaseValue: retryUnitMs },
  });

  const gate = options.writeGate;
  if (gate) {
    octokit.hook.before("request", async (request) => {
      if (isContentWrite(request.method, request.url)) await gate.waitForTurn(writeQueueKey);
    });
  }
  return octokit;
}

/** Token exchanges, also under a GitHub Enterprise Server prefix such as /api/v3. */
const TOKEN_EXCHANGE = /(?:\/app\/installations\/[^/]+\/access_tokens|\/login\/oauth\/access_token)$/;

/** Tells whether a call creates or changes content; token exchanges do not count. */
export function isContentWrite(method: string, url: string): boolean {
  if (method === "GET" || method === "HEAD") return false;
  const { pathname } = new URL(url, "https://api.github.com");
  return !TOKEN_EXCHANGE.test(pathname);
}
