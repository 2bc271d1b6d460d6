import type { ReactElement } from "react";

import { CopyButton } from "./copy-button";

interface CodeBlockProps {
  title: string;
  code: string;
  /** Name of the copied content, for the copy button's accessible name. */
  copyLabel: string;
}

export function CodeBlock({ title, code, copyLabel }: CodeBlockProps): ReactElement {
  return (
    <figure className="rounded-lg border border-neutral-200 bg-white">
      <figcaption className="flex items-center justify-between gap-2 border-b border-neutral-200 px-3 py-2">
        <span className="text-sm font-medium">{title}</span>
        <CopyButton text={code} label={copyLabel} />
      </figcaption>
      <pre tabIndex={0} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed text-neutral-900">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
