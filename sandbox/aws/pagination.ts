import { AwsError } from "./aws-error";

// NextToken is an opaque string to callers; here it encodes the offset of the next item.

const DEFAULT_PAGE_SIZE = 100;
const TOKEN_PREFIX = "sandbox-page:";

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function decodeToken(token: string): number {
  const decoded = Buffer.from(token, "base64url").toString("utf8");
  const offset = decoded.startsWith(TOKEN_PREFIX) ? Number(decoded.slice(TOKEN_PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new AwsError("InvalidNextTokenException", "The NextToken value is invalid. Pass the NextToken from the previous response unchanged.");
  }
  return offset;
}

export function pageOf<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  const end = start + (maxResults ?? DEFAULT_PAGE_SIZE);
  const page: Page<T> = { items: items.slice(start, end) };

  if (end < items.length) page.nextToken = Buffer.from(`${TOKEN_PREFIX}${end}`, "utf8").toString("base64url");
  return page;
}
