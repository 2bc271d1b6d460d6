import Link from "next/link";
import type { ReactElement } from "react";

import type { RequestSummary } from "@/lib/requests/queries";

import { DateTime } from "./date-time";
import { StatusBadge } from "./status-badge";

interface RequestsTableProps {
  requests: readonly RequestSummary[];
  caption: string;
  showRequester?: boolean;
}

export function RequestsTable({ requests, caption, showRequester = false }: RequestsTableProps): ReactElement {
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
      <table className="min-w-full divide-y divide-neutral-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-neutral-50 text-left text-xs font-semibold uppercase tracking-wide text-neutral-600">
          <tr>
            <th scope="col" className="px-4 py-2">Secret name</th>
            <th scope="col" className="px-4 py-2">Environment</th>
            <th scope="col" className="px-4 py-2">Application</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Pull request</th>
            {showRequester ? <th scope="col" className="px-4 py-2">Requester</th> : null}
            <th scope="col" className="px-4 py-2">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {requests.map((request) => (
            <tr key={request.id} className="hover:bg-neutral-50">
              <th scope="row" className="px-4 py-2 text-left font-medium">
                <Link href={`/requests/${request.id}`} className="text-blue-700 underline-offset-2 hover:underline">
                  {request.secretName}
                </Link>
              </th>
              <td className="px-4 py-2">{request.environment}</td>
              <td className="px-4 py-2">{request.application}</td>
              <td className="px-4 py-2">
                <StatusBadge status={request.status} />
              </td>
              <td className="px-4 py-2">
                {request.pullRequestUrl ? (
                  <a href={request.pullRequestUrl} className="text-blue-700 underline-offset-2 hover:underline">
                    #{request.pullRequestNumber ?? "PR"}
                    <span className="sr-only"> for {request.secretName}</span>
                  </a>
                ) : (
                  <span className="text-neutral-500">none</span>
                )}
              </td>
              {showRequester ? (
                <td className="px-4 py-2">
                  {request.requester.name} <span className="text-neutral-500">({request.requester.login})</span>
                </td>
              ) : null}
              <td className="px-4 py-2 whitespace-nowrap">
                <DateTime value={request.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
