import { z } from "zod";

import { RequestStatus } from "@/lib/db/enums";
import type { RequestFilters } from "@/lib/requests/queries";

export type SearchParams = Record<string, string | string[] | undefined>;

const STATUSES = Object.values(RequestStatus);

/** Reads the first value of a query parameter; an empty value means "any". */
function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" ? undefined : first;
}

/**
 * Parses the all-requests filters from the query string. A value that names no configured
 * environment, application or known status is dropped, so a stale link shows every request
 * instead of an error.
 */
export function parseRequestFilters(
  params: SearchParams,
  known: { environments: readonly string[]; applications: readonly string[] },
): RequestFilters {
  const schema = z.object({
    environment: z.enum(known.environments as [string, ...string[]]).optional().catch(undefined),
    application: z.enum(known.applications as [string, ...string[]]).optional().catch(undefined),
    status: z.enum(STATUSES).optional().catch(undefined),
  });

  const filters = schema.parse({
    environment: firstValue(params.environment),
    application: firstValue(params.application),
    status: firstValue(params.status),
  });

  const result: RequestFilters = {};
  if (filters.environment) result.environment = filters.environment;
  if (filters.application) result.application = filters.application;
  if (filters.status) result.status = filters.status;
  return result;
}
