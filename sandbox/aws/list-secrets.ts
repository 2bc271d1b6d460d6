import type { OperationHandler } from "./operation-context";
import { compact } from "./operation-context";
import { pageOf } from "./pagination";
import { describeMetadata } from "./read-operations";
import { RequestReader } from "./request-reader";
import type { StoredSecret } from "./secret-store";
import { versionIdsToStages } from "./secret-versions";

// ListSecrets with the documented filter semantics: name, tag-key and tag-value are
// case-sensitive prefix matches, description is a case-insensitive prefix match, and
// `all` splits the value into words and matches them against every attribute ignoring case.
// Values of one filter are alternatives; separate filters must all match. A leading `!`
// negates a value.

const FILTER_KEYS = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"] as const;
const FILTER_VALUE_PATTERN = /^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$/;
const SORT_ORDERS = ["asc", "desc"] as const;
const SORT_BY = ["created-date", "last-accessed-date", "last-changed-date", "name"] as const;

interface Filter {
  key: string;
  values: string[];
}

// Splits text into lowercase words at punctuation, spaces, lower-to-upper case changes and
// letter-digit boundaries, as the Secrets Manager console search describes.
export function searchWords(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/))
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

function matchesAll(secret: StoredSecret, value: string): boolean {
  const attributes = [secret.name, secret.description ?? "", ...secret.tags.flatMap((tag) => [tag.Key, tag.Value ?? ""])];
  const attributeWords = attributes.flatMap(searchWords);
  const searched = searchWords(value);
  return searched.length > 0 && searched.every((word) => attributeWords.some((candidate) => candidate.startsWith(word)));
}

function matchesValue(secret: StoredSecret, key: string, value: string, region: string): boolean {
  switch (key) {
    case "name":
      return secret.name.startsWith(value);
    case "description":
      return secret.description !== undefined && secret.description.toLowerCase().startsWith(value.toLowerCase());
    case "tag-key":
      return secret.tags.some((tag) => tag.Key.startsWith(value));
    case "tag-value":
      return secret.tags.some((tag) => (tag.Value ?? "").startsWith(value));
    case "primary-region":
      return region.startsWith(value);
    case "all":
      return matchesAll(secret, value);
    default:
      // owning-service: the simulator never creates secrets on behalf of another service.
      return false;
  }
}

function matchesFilter(secret: StoredSecret, filter: Filter, region: string): boolean {
  return filter.values.some((raw) => {
    const negated = raw.startsWith("!");
    const value = negated ? raw.slice(1) : raw;
    const matched = matchesValue(secret, filter.key, value, region);
    return negated ? !matched : matched;
  });
}

function sortKey(secret: StoredSecret, sortBy: string): number | string {
  if (sortBy === "name") return secret.name;
  if (sortBy === "last-accessed-date") return secret.lastAccessedDate ?? 0;
  if (sortBy === "last-changed-date") return secret.lastChangedDate;
  return secret.createdDate;
}

function readFilters(reader: RequestReader): Filter[] {
  const entries = reader.objectList("Filters", { max: 10 }) ?? [];

  return entries.map((entry, index) => {
    const path = `filters.${index + 1}.member`;
    const key = reader.checkString(entry.Key, `${path}.key`, { enumValues: FILTER_KEYS }) ?? "";
    const rawValues = entry.Values;
    if (!Array.isArray(rawValues) || rawValues.length < 1 || rawValues.length > 10) {
      reader.addViolation(`Value at '${path}.values' failed to satisfy constraint: Member must have length between 1 and 10`);
      return { key, values: [] };
    }

    const values = rawValues.map(
      (value: unknown, valueIndex) => reader.checkString(value, `${path}.values.${valueIndex + 1}.member`, { required: true, max: 512, pattern: FILTER_VALUE_PATTERN }) ?? "",
    );
    return { key, values };
  });
}

export const listSecrets: OperationHandler = (context, input) => {
  const reader = new RequestReader(input);
  const includePlannedDeletion = reader.boolean("IncludePlannedDeletion") ?? false;
  const maxResults = reader.integer("MaxResults", { min: 1, max: 100 });
  const nextToken = reader.string("NextToken", { min: 1, max: 4096 });
  const filters = readFilters(reader);
  // NOTE: AWS does not document the default order; newest first is assumed here.
  const sortOrder = reader.string("SortOrder", { enumValues: SORT_ORDERS }) ?? "desc";
  const sortBy = reader.string("SortBy", { enumValues: SORT_BY }) ?? "created-date";
  reader.finish();

  const region = context.store.arnPrefix.split(":")[3] ?? "";
  const direction = sortOrder === "asc" ? 1 : -1;
  const secrets = context.store
    .list()
    .filter((secret) => includePlannedDeletion || secret.deletedDate === undefined)
    .filter((secret) => filters.every((filter) => matchesFilter(secret, filter, region)))
    .sort((a, b) => {
      const left = sortKey(a, sortBy);
      const right = sortKey(b, sortBy);
      if (left === right) return a.name.localeCompare(b.name);
      return left < right ? -direction : direction;
    });

  const page = pageOf(secrets, maxResults, nextToken);
  return compact({
    SecretList: page.items.map((secret) => compact({ ...describeMetadata(secret), SecretVersionsToStages: versionIdsToStages(secret) })),
    NextToken: page.nextToken,
  });
};
