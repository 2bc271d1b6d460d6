// The signed-in person's requests and those of their applications.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { RequestsTable } from "@/components/requests-table";
import { getActor } from "@/lib/auth/session";
import { listMyRequests } from "@/lib/requests/queries";
import { getServices } from "@/lib/services";

export const metadata: Metadata = { title: "My requests" };

export default async function MyRequestsPage(): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/requests"));

  const requests = await listMyRequests(getServices(), actor);

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">My requests</h1>
          <p className="mt-1 text-sm text-neutral-600">Requests you made and requests for your applications, newest first.</p>
        </div>
        <Link
          href="/requests/new"
          className="rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700"
        >
          New request
        </Link>
      </div>

      <div className="mt-6">
        {requests.length > 0 ? (
          <RequestsTable requests={requests} caption="My secret requests" />
        ) : (
          <div className="rounded-lg border border-dashed border-neutral-300 bg-white px-6 py-10 text-center">
            <h2 className="font-medium">No requests yet</h2>
            <p className="mt-1 text-sm text-neutral-600">
              When you or your team request a secret, it shows up here with its review and provisioning status.
            </p>
            <Link href="/requests/new" className="mt-4 inline-block text-sm font-medium text-blue-700 underline underline-offset-2">
              Request a secret
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}
