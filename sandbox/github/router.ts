import { ApiError, notFound } from "./api-error";
import type { EmitEvent, RepoHandle, SimulatorContext } from "./simulator-context";
import { findRepo } from "./simulator-context";
import type { SimulatedAccount } from "./users";

export interface ApiCall {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  // Full request URL as seen by the simulator, for pagination links.
  url: URL;
  accept: string;
  actor: SimulatedAccount;
  // How the caller authenticated: a token (with its OAuth scopes when known), an installation token or an App JWT.
  credential: CallerCredential;
  context: SimulatorContext;
  emit: EmitEvent;
}

export type CallerCredential = { kind: "token"; scopes: string[] | null } | { kind: "installation" } | { kind: "app" };

export interface RepoCall extends ApiCall {
  repo: RepoHandle;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  // Sent as is instead of JSON, for the raw media type of GET /contents.
  raw?: Buffer;
}

export interface ApiRoute {
  method: string;
  // GitHub's path template; `{name+}` takes the rest of the path, `{name*}` may also be empty.
  template: string;
  operationId: string;
  documentationUrl: string;
  // "app": only a GitHub App JWT may call it, as for GitHub's /app endpoints.
  auth?: "app";
  handle(call: ApiCall): Promise<ApiResult>;
}

export interface RouteMatch<Route> {
  route: Route;
  params: Record<string, string>;
}

// Routes under /repos/{owner}/{repo}: resolves the repository (404 when unknown) and runs
// every method other than GET in the repository's write queue, saving state afterwards.
export function repoRoute(
  method: string,
  template: string,
  operationId: string,
  documentationUrl: string,
  handler: (call: RepoCall) => Promise<ApiResult>,
): ApiRoute {
  return {
    method,
    template,
    operationId,
    documentationUrl,
    async handle(call: ApiCall): Promise<ApiResult> {
      const repo = findRepo(call.context, call.params.owner ?? "", call.params.repo ?? "");
      if (!repo) throw notFound();

      if (method === "GET") return handler({ ...call, repo });

      return repo.writes.run(async () => {
        try {
          return await handler({ ...call, repo });
        } finally {
          await repo.state.save();
        }
      });
    },
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, `Invalid percent-encoding in path segment ${segment}`);
  }
}

function matchSegments(templateSegments: string[], pathSegments: string[], params: Record<string, string>): boolean {
  if (templateSegments.length !== pathSegments.length) return false;
  for (let index = 0; index < templateSegments.length; index += 1) {
    const part = templateSegments[index] ?? "";
    const segment = pathSegments[index] ?? "";
    const single = /^\{(\w+)\}$/.exec(part);
    if (single) {
      if (segment.length === 0) return false;
      params[single[1] ?? ""] = decodeSegment(segment);
    } else if (part !== segment) {
      return false;
    }
  }
  return true;
}

// Matches raw (still percent-encoded) segments, so that "heads%2Fmain" stays one parameter.
// A rest parameter may sit in the middle, as in /commits/{ref+}/status.
export function matchTemplate(template: string, pathname: string): Record<string, string> | null {
  const templateSegments = template.split("/").slice(1);
  const pathSegments = pathname.split("/").slice(1);
  const params: Record<string, string> = {};

  const restIndex = templateSegments.findIndex((part) => /^\{\w+[+*]\}$/.test(part));
  if (restIndex === -1) return matchSegments(templateSegments, pathSegments, params) ? params : null;

  const suffixLength = templateSegments.length - restIndex - 1;
  const restEnd = pathSegments.length - suffixLength;
  if (restEnd < restIndex) return null;

  const prefixMatches = matchSegments(templateSegments.slice(0, restIndex), pathSegments.slice(0, restIndex), params);
  const suffixMatches = matchSegments(templateSegments.slice(restIndex + 1), pathSegments.slice(restEnd), params);
  if (!prefixMatches || !suffixMatches) return null;

  const rest = /^\{(\w+)([+*])\}$/.exec(templateSegments[restIndex] ?? "");
  const value = pathSegments.slice(restIndex, restEnd).map(decodeSegment).join("/").replace(/\/+$/, "");
  if (!rest || (rest[2] === "+" && value.length === 0)) return null;
  params[rest[1] ?? ""] = value;
  return params;
}

export function findRoute<Route extends { method: string; template: string }>(
  routes: Route[],
  method: string,
  pathname: string,
): RouteMatch<Route> | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchTemplate(route.template, pathname);
    if (params) return { route, params };
  }
  return null;
}
