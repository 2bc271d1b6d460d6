"use client";

import type { ReactElement } from "react";

import { ErrorPanel } from "@/components/error-panel";

export default function PageError({ error, retry }: { error: unknown; retry: () => void }): ReactElement {
  return <ErrorPanel error={error} retry={retry} />;
}
