import Link from "next/link";
import type { ReactElement } from "react";

import type { RequestStatus } from "@/lib/db/enums";
import type { RequestFilters } from "@/lib/requests/queries";

import { statusLabel } from "./request-status-text";

interface RequestFiltersFormProps {
  action: string;
  environments: readonly string[];
  applications: readonly string[];
  statuses: readonly RequestStatus[];
  current: RequestFilters;
}

/** Filters as a plain GET form, so a filtered list is a link that can be shared or bookmarked. */
export function RequestFiltersForm({ action, environments, applications, statuses, current }: RequestFiltersFormProps): ReactElement {
  const selectClass = "mt-1 block w-full rounded-md border border-neutral-300 bg-white px-3 py-2 text-sm";

  return (
    <form method="get" action={action} role="search" aria-label="Filter requests" className="flex flex-wrap items-end gap-4">
      <div className="min-w-40">
        <label htmlFor="filter-environment" className="block text-sm font-medium">Environment</label>
        <select id="filter-environment" name="environment" defaultValue={current.environment ?? ""} className={selectClass}>
          <option value="">Any environment</option>
          {environments.map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
        </select>
      </div>
      <div className="min-w-40">
        <label htmlFor="filter-application" className="block text-sm font-medium">Application</label>
        <select id="filter-application" name="application" defaultValue={current.application ?? ""} className={selectClass}>
          <option value="">Any application</option>
          {applications.map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
        </select>
      </div>
      <div className="min-w-48">
        <label htmlFor="filter-status" className="block text-sm font-medium">Status</label>
        <select id="filter-status" name="status" defaultValue={current.status ?? ""} className={selectClass}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>{statusLabel(status)}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700">
        Apply filters
      </button>
      <Link href={action} className="py-2 text-sm font-medium text-blue-700 underline underline-offset-2">
        Clear filters
      </Link>
    </form>
  );
}
