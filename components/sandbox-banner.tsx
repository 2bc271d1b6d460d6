import type { ReactElement } from "react";

interface SandboxBannerProps {
  /** The simulated GitHub page of the GitOps repository, when the simulator's URL is known. */
  repositoryUrl: string | null;
  repositoryName: string;
}

export function SandboxBanner({ repositoryUrl, repositoryName }: SandboxBannerProps): ReactElement {
  return (
    <div role="note" aria-label="Sandbox mode" className="bg-amber-100 border-b border-amber-300 text-amber-950 text-sm">
      <div className="mx-auto max-w-6xl px-4 py-2 flex flex-wrap items-center gap-x-4 gap-y-1">
        <p>
          <strong className="font-semibold">Sandbox:</strong> GitHub and AWS Secrets Manager are simulated. Nothing here
          touches real accounts.
        </p>
        {repositoryUrl ? (
          <a href={repositoryUrl} className="underline underline-offset-2 hover:text-amber-800">
            Open the simulated GitHub repository {repositoryName}
          </a>
        ) : null}
      </div>
    </div>
  );
}
