import type { IncomingMessage, ServerResponse } from "node:http";

import { ApiError } from "./api-error";

const MAX_BODY_BYTES = 25 * 1024 * 1024;

export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "Request body exceeds 25 MB");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new ApiError(400, "Problems parsing JSON");
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}

export interface Page<T> {
  items: T[];
  // The RFC 8288 `Link` header GitHub sends for paginated lists, when there is another page.
  link: string | undefined;
}

function readPositiveInteger(value: string | null, fallback: number): number {
  const parsed = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

// Applies `page` and `per_page` (default 30, at most 100) like GitHub's list endpoints.
export function paginate<T>(items: T[], url: URL, apiUrl: string): Page<T> {
  const perPage = Math.min(readPositiveInteger(url.searchParams.get("per_page"), 30), 100);
  const page = readPositiveInteger(url.searchParams.get("page"), 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pageItems = items.slice((page - 1) * perPage, page * perPage);

  const pageUrl = (number: number): string => {
    const target = new URL(`${apiUrl}${url.pathname}${url.search}`);
    target.searchParams.set("per_page", String(perPage));
    target.searchParams.set("page", String(number));
    return target.href;
  };

  const links: string[] = [];
  if (page > 1) {
    links.push(`<${pageUrl(page - 1)}>; rel="prev"`, `<${pageUrl(1)}>; rel="first"`);
  }
  if (page < lastPage) {
    links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
  }

  return { items: pageItems, link: links.length > 0 ? links.join(", ") : undefined };
}

export function pageResult<T>(page: Page<T>): { status: number; body: T[]; headers: Record<string, string> } {
  return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
}
