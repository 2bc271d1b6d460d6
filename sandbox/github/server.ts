import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { logger } from "@/lib/log";

import { ApiDispatcher, type TokenGrant } from "./api-dispatch";
import type { SimulatedApp } from "./app-auth";
import { ApiError } from "./api-error";
import { controlRoutes } from "./control-routes";
import { FaultRegistry } from "./faults";
import { handleHtmlRequest } from "./html-routes";
import { OrganizationDirectory, type SimulatedOrganization } from "./organizations";
import { renderErrorPage } from "./html-pages";
import { readRequestBody, parseJsonBody, sendJson } from "./http-io";
import { openRepository, type RepositorySpec } from "./repository-setup";
import { findRoute } from "./router";
import type { RepoHandle, SimulatorRuntime, WebhookEvent } from "./simulator-context";
import { AccountDirectory, DEFAULT_BOT_LOGIN } from "./users";
import { WebhookDeliveries } from "./webhook-deliveries";

export interface GitHubSimulatorOptions {
  host?: string;
  // 0 picks a free port.
  port?: number;
  // Bare repositories live at <dataDir>/<owner>/<repo>.git with their state JSON beside them.
  dataDir: string;
  // Base of html_url links; defaults to the listening URL.
  publicUrl?: string;
  // Where signed deliveries are POSTed.
  webhook?: { url: string; secret: string };
  repositories: RepositorySpec[];
  // Personas that act on the HTML pages and the /_sandbox persona endpoints. When given, review
  // requests are limited to these logins, as GitHub limits them to collaborators.
  users?: Array<{ login: string; name?: string; email?: string }>;
  // Accepted tokens; a plain string acts as the bot account. Omitted: any non-empty token works.
  tokens?: Array<string | TokenGrant>;
  // Login of the account behind plain tokens; default "secrets-portal[bot]".
  botLogin?: string;
  installationId?: number;
  // The GitHub App whose JWTs may mint installation tokens; omitted: App auth is off.
  app?: SimulatedApp;
  // Organizations with members and teams, for the membership calls at sign-in.
  organizations?: SimulatedOrganization[];
  hookId?: number;
  // Requests per token per hour before 403 "API rate limit exceeded"; default 5000 like GitHub.
  rateLimit?: number;
}

export interface GitHubSimulator {
  url: string;
  close(): Promise<void>;
  // Resolves once every queued webhook delivery has finished (with retries).
  webhooksIdle(): Promise<void>;
}

const DEFAULT_PERSONAS = [{ login: "platform-reviewer", name: "Platform Reviewer" }];
const API_NAMESPACES = new Set(["repos", "user", "users", "orgs", "app", "installation", "rate_limit", "search"]);
const HTML_SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatUrl(host: string, port: number): string {
  return host.includes(":") ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

async function handleControl(
  runtime: SimulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<WebhookEvent[]> {
  const events: WebhookEvent[] = [];
  const match = findRoute(controlRoutes, request.method ?? "GET", url.pathname);
  try {
    if (!match) throw new ApiError(404, `No sandbox control endpoint ${request.method ?? "GET"} ${url.pathname}`);
    const body = parseJsonBody(await readRequestBody(request));
    const result = await match.route.handle({
      params: match.params,
      query: url.searchParams,
      body,
      runtime,
      emit: (event) => events.push(event),
    });
    if (result.raw) {
      response.writeHead(result.status, result.headers);
      response.end(result.raw);
    } else {
      sendJson(response, result.status, result.body, result.headers);
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendJson(response, error.status, { message: error.message, errors: error.details.errors });
  }
  return events;
}

async function handleHtml(
  runtime: SimulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<WebhookEvent[] | null> {
  const events: WebhookEvent[] = [];
  const body = request.method === "POST" ? await readRequestBody(request) : Buffer.alloc(0);
  const result = await handleHtmlRequest(runtime, request.method ?? "GET", url, body, (event) => events.push(event));
  if (!result) return null;

  if (result.redirect) {
    response.writeHead(result.status, { location: result.redirect });
    response.end();
  } else if (result.status === 204) {
    response.writeHead(204);
    response.end();
  } else if (result.raw) {
    response.writeHead(result.status, { "content-type": "text/plain; charset=utf-8", ...HTML_SECURITY_HEADERS });
    response.end(result.raw);
  } else {
    response.writeHead(result.status, { "content-type": "text/html; charset=utf-8", ...HTML_SECURITY_HEADERS });
    response.end(result.html ?? "");
  }
  return events;
}

// Starts a GitHub REST API simulator backed by real bare git repositories. It serves the REST
// paths at the root (use the returned url as Octokit's baseUrl), HTML pull request pages, and
// /_sandbox control endpoints, and sends signed webhooks after each response.
export async function startGitHubSimulator(options: GitHubSimulatorOptions): Promise<GitHubSimulator> {
  const log = logger.child({ component: "github-simulator" });
  const host = options.host ?? "127.0.0.1";
  const botLogin = options.botLogin ?? DEFAULT_BOT_LOGIN;
  const installationId = options.installationId ?? 1;
  const accounts = new AccountDirectory(options.users ?? DEFAULT_PERSONAS, botLogin, options.users !== undefined);

  const repos = new Map<string, RepoHandle>();
  for (const spec of options.repositories) {
    const handle = await openRepository(options.dataDir, spec, {
      name: botLogin,
      email: accounts.commitEmail(accounts.get(botLogin)),
    });
    repos.set(handle.fullName.toLowerCase(), handle);
  }

  const deliveries = await WebhookDeliveries.load({
    target: options.webhook,
    hookId: options.hookId ?? 1,
    installationId,
    filePath: path.resolve(options.dataDir, "webhook-deliveries.json"),
    log,
  });

  // The URLs are filled in once the server listens; no request arrives before that.
  const runtime: SimulatorRuntime = {
    apiUrl: "",
    publicUrl: "",
    accounts,
    repos,
    installationId,
    organizations: new OrganizationDirectory(options.organizations ?? []),
    app: options.app,
    installationTokens: new Map(),
    deliveries,
    faults: new FaultRegistry(),
  };

  const grants =
    options.tokens === undefined
      ? null
      : options.tokens.map((entry) => (typeof entry === "string" ? { token: entry, login: botLogin } : entry));
  const api = new ApiDispatcher(runtime, { grants, rateLimit: options.rateLimit ?? 5000 }, log);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", runtime.apiUrl || "http://localhost");
    const firstSegment = url.pathname.split("/")[1] ?? "";

    const work = async (): Promise<WebhookEvent[]> => {
      if (firstSegment === "_sandbox") return handleControl(runtime, request, response, url);
      if (API_NAMESPACES.has(firstSegment)) return api.handle(request, response, url);
      const events = await handleHtml(runtime, request, response, url);
      if (events) return events;
      return api.handle(request, response, url);
    };

    work()
      .then((events) => {
        // Webhooks go out only after the response, as GitHub sends them asynchronously.
        const deliver = (): void => {
          for (const event of events) deliveries.enqueue(event);
        };
        if (response.writableFinished) deliver();
        else response.once("finish", deliver);
      })
      .catch((error: unknown) => {
        log.error({ err: error, method: request.method, path: url.pathname }, "github-simulator: unhandled request error");
        if (!response.headersSent) {
          response.writeHead(500, { "content-type": "text/html; charset=utf-8" });
          response.end(renderErrorPage(500, "The simulator failed; see its log for details."));
        } else {
          response.end();
        }
      });
  });

  const address = await listen(server, host, options.port ?? 0);
  runtime.apiUrl = formatUrl(host, address.port);
  runtime.publicUrl = (options.publicUrl ?? runtime.apiUrl).replace(/\/+$/, "");
  log.info({ url: runtime.apiUrl, repositories: [...repos.keys()], dataDir: options.dataDir }, "github-simulator: started");

  return {
    url: runtime.apiUrl,
    webhooksIdle: () => deliveries.idle(),
    async close(): Promise<void> {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      await Promise.all([...repos.values()].map((repo) => repo.writes.idle()));
      await deliveries.close();
      log.info({ url: runtime.apiUrl }, "github-simulator: stopped");
    },
  };
}
