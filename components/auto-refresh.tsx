"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactElement } from "react";

/** Re-renders the current page from the server every `intervalMs` while it is mounted. */
export function AutoRefresh({ intervalMs = 2_000 }: { intervalMs?: number }): ReactElement {
  const router = useRouter();

  useEffect(() => {
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);

  return <p className="text-xs text-neutral-500">This page updates on its own while the request is in progress.</p>;
}
