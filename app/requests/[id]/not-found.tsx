import Link from "next/link";
import type { ReactElement } from "react";

export default function RequestNotFound(): ReactElement {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold tracking-tight">Request not found</h1>
      <p className="mt-2 text-neutral-700">
        No request with this id exists, or it belongs to an application you cannot see. Check the link, or find the
        request in your list.
      </p>
      <Link href="/requests" className="mt-4 inline-block font-medium text-blue-700 underline underline-offset-2">
        Go to my requests
      </Link>
    </div>
  );
}
