import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Logger } from "pino";

import { apiRoutes } from "./api-routes";
import { looksLikeJwt, verifyAppJwt } from "./app-auth";
import { ApiError, errorBody } from "./api-error";
import { faultMessage, type FaultRule } from "./faults";
import { parseJsonBody, readRequestBody, sendJson } from "./http-io";
import { findRoute, type ApiResult, type CallerCredential } from "./router";
import type { SimulatorRuntime, WebhookEvent } from "./simulator-context";
import type { SimulatedAccount } from "./users";

export interface TokenGrant {
  token: string;
  login: string;
  // OAuth scopes, sent back in X-OAuth-Scopes as GitHub does for OAuth tokens; omitted: no header.
  scopes?: string[];
}

interface Identity {
  account: SimulatedAccount;
  token: string;
  credential: CallerCredential;
}

export interface ApiAuthOptions {
  // null accepts any non-empty token as the bot account.
  grants: TokenGrant[] | null;
  rateLimit: number;
}

const GENERIC_DOCS_URL = "https://docs.github.com/rest";
const RATE_LIMIT_WINDOW_SECONDS = 3600;

// GitHub request ids look like "C0DE:1F2E:3A4B5C:4D5E6F:65A1B2C3".
function requestId(): string {
  const hex = (bytes: number): string => randomBytes(bytes).toString("hex").toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}`;
}

class RateLimiter {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();

  constructor(private readonly limit: number) {}

  consume(key: string): { headers: Record<string, string>; exceeded: boolean } {
    const now = Math.floor(Date.now() / 1000);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + RATE_LIMIT_WINDOW_SECONDS, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    const remaining = Math.max(0, this.limit - window.used);
    return {
      exceeded: window.used > this.limit,
      headers: {
        "x-ratelimit-limit": String(this.limit),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(window.resetAt),
        "x-ratelimit-used": String(Math.min(window.used, this.limit)),
        "x-ratelimit-resource": "core",
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ApiDispatcher {
  private readonly rateLimiter: RateLimiter;

  constructor(
    private readonly runtime: SimulatorRuntime,
    private readonly auth: ApiAuthOptions,
    private readonly log: Logger,
  ) {
    this.rateLimiter = new RateLimiter(auth.rateLimit);
  }

  private authenticate(header: string | undefined): Identity | ApiError {
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
    // GitHub returns 401 "Requires authentication" without a header and 401 "Bad credentials"
    // for a token it rejects.
    if (!header) return new ApiError(401, "Requires authentication");
    if (!match?.[1]) return new ApiError(401, "Bad credentials");

    const token = match[1];
    const bot = (): SimulatedAccount => this.runtime.accounts.get(this.runtime.accounts.botLogin);
    const app = this.runtime.app;
    if (app && looksLikeJwt(token)) {
      try {
        verifyAppJwt(token, app);
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
      return { account: this.runtime.accounts.get(`${app.slug}[bot]`), token, credential: { kind: "app" } };
    }

    const installationExpiry = this.runtime.installationTokens.get(token);
    if (installationExpiry !== undefined) {
      if (installationExpiry <= Date.now()) return new ApiError(401, "Bad credentials");
      return { account: bot(), token, credential: { kind: "installation" } };
    }

    if (this.auth.grants === null) return { account: bot(), token, credential: { kind: "token", scopes: null } };
    const grant = this.auth.grants.find((candidate) => candidate.token === token);
    if (!grant) return new ApiError(401, "Bad credentials");
    return { account: this.runtime.accounts.get(grant.login), token, credential: { kind: "token", scopes: grant.scopes ?? null } };
  }

  // An App JWT works only on the /app endpoints, and those accept nothing else.
  private checkCredentialFitsRoute(credential: CallerCredential, appOnly: boolean): void {
    if (appOnly && credential.kind !== "app") throw new ApiError(401, "A JSON web token could not be decoded");
    if (!appOnly && credential.kind === "app") throw new ApiError(403, "Resource not accessible by integration");
  }

  private faultResult(rule: FaultRule): ApiResult {
    const headers: Record<string, string> = {};
    if (rule.retryAfter !== undefined) headers["retry-after"] = String(rule.retryAfter);
    const error = new ApiError(rule.status, faultMessage(rule));
    return { status: rule.status, body: errorBody(error, GENERIC_DOCS_URL), headers };
  }

  // Serves one REST request and returns the webhook events it produced, which the caller
  // delivers once the response has been sent.
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<WebhookEvent[]> {
    const started = Date.now();
    const method = request.method ?? "GET";
    const events: WebhookEvent[] = [];
    const headers: Record<string, string> = {
      "x-github-request-id": requestId(),
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
    };
    const match = findRoute(apiRoutes, method, url.pathname);
    const documentationUrl = match?.route.documentationUrl ?? GENERIC_DOCS_URL;
    let result: ApiResult;

    try {
      const identity = this.authenticate(request.headers.authorization);
      if (identity instanceof ApiError) throw identity;

      const usage = this.rateLimiter.consume(identity.token);
      Object.assign(headers, usage.headers);
      if (identity.credential.kind === "token" && identity.credential.scopes !== null) {
        headers["x-oauth-scopes"] = identity.credential.scopes.join(", ");
      }
      if (usage.exceeded) {
        throw new ApiError(403, `API rate limit exceeded for installation ID ${this.runtime.installationId}.`);
      }
      if (!match) throw new ApiError(404, "Not Found");
      this.checkCredentialFitsRoute(identity.credential, match.route.auth === "app");
      const rawBody = await readRequestBody(request);

      const target = {
        method,
        template: match.route.template,
        operationId: match.route.operationId,
        pathname: url.pathname,
      };
      const delay = this.runtime.faults.takeLatency(target);
      if (delay > 0) await sleep(delay);

      const before = this.runtime.faults.takeFault(target, "before");
      if (before) {
        result = this.faultResult(before);
      } else {
        const body = parseJsonBody(rawBody);
        result = await match.route.handle({
          method,
          params: match.params,
          query: url.searchParams,
          body,
          url,
          accept: request.headers.accept ?? "",
          actor: identity.account,
          credential: identity.credential,
          context: this.runtime,
          emit: (event) => events.push(event),
        });
        const after = this.runtime.faults.takeFault(target, "after");
        if (after) result = this.faultResult(after);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        result = { status: error.status, body: errorBody(error, documentationUrl), headers: error.details.headers };
      } else {
        this.log.error({ err: error, requestId: headers["x-github-request-id"], method, path: url.pathname }, "github-simulator: request failed");
        result = { status: 500, body: errorBody(new ApiError(500, "Server Error"), GENERIC_DOCS_URL) };
      }
    }

    const allHeaders = { ...headers, ...result.headers };
    if (result.raw) {
      response.writeHead(result.status, { "content-length": String(result.raw.length), ...allHeaders });
      response.end(result.raw);
    } else {
      sendJson(response, result.status, result.body, allHeaders);
    }

    this.log.debug(
      { method, path: url.pathname, status: result.status, requestId: headers["x-github-request-id"], ms: Date.now() - started },
      "github-simulator: api request",
    );
    return events;
  }
}
