// Every request, for the platform and security teams, with filters.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { RequestFiltersForm } from "@/components/request-filters";
import { RequestsTable } from "@/components/requests-table";
import { getActor } from "@/lib/auth/session";
import { canListAllRequests } from "@/lib/authz";
import { loadPortalConfig } from "@/lib/config/load";
import { listAllRequests, REQUEST_STATUSES } from "@/lib/requests/queries";
import { getServices } from "@/lib/services";

import { parseRequestFilters, type SearchParams } from "./parse-filters";

export const metadata: Metadata = { title: "All requests" };

interface AllRequestsPageProps {
  searchParams: Promise<SearchParams>;
}

export default async function AllRequestsPage({ searchParams }: AllRequestsPageProps): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/all-requests"));
  if (!canListAllRequests(actor)) return <NotAllowed />;

  const config = loadPortalConfig();
  const environments = config.environments.map((environment) => environment.name);
  const applications = config.applications.map((application) => application.name);
  const filters = parseRequestFilters(await searchParams, { environments, applications });
  const requests = await listAllRequests(getServices(), actor, filters);
  const filtered = Object.keys(filters).length > 0;

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">All requests</h1>
      <p className="mt-1 text-sm text-neutral-600">Every secret request in the portal, newest first.</p>

      <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-4">
        <RequestFiltersForm
          action="/all-requests"
          environments={environments}
          applications={applications}
          statuses={REQUEST_STATUSES}
          current={filters}
        />
      </div>

      <p role="status" className="mt-6 text-sm text-neutral-600">
        {describeCount(requests.length, filtered)}
      </p>
      <div className="mt-2">
        {requests.length > 0 ? (
          <RequestsTable requests={requests} caption="All secret requests" showRequester />
        ) : (
          <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-6 py-10 text-center text-sm text-neutral-600">
            {filtered ? "No request matches these filters. Clear them to see every request." : "Nobody has requested a secret yet."}
          </p>
        )}
      </div>
    </div>
  );
}

function describeCount(count: number, filtered: boolean): string {
  const noun = count === 1 ? "1 request" : `${count} requests`;
  if (!filtered) return `Showing ${noun}.`;
  return `Showing ${noun} that ${count === 1 ? "matches" : "match"} the filters.`;
}

function NotAllowed(): ReactElement {
  return (
    <div role="alert" className="max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h1 className="text-lg font-semibold text-amber-950">Not allowed (403)</h1>
      <p className="mt-2 text-sm text-amber-950">
        Only members of the platform and security teams can see every request. Your own requests and those of your
        applications are under My requests.
      </p>
    </div>
  );
}
