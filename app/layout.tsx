import type { Metadata } from "next";
import type { ReactElement, ReactNode } from "react";
import { z } from "zod";

import { SandboxBanner } from "@/components/sandbox-banner";
import { SiteHeader } from "@/components/site-header";
import { getActor } from "@/lib/auth/session";
import { loadPortalConfig } from "@/lib/config/load";
import { readPortalEnv } from "@/lib/env";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Secrets Portal", template: "%s · Secrets Portal" },
  description: "Request Kubernetes secrets through GitOps pull requests.",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }): Promise<ReactElement> {
  const sandbox = readPortalEnv().PORTAL_MODE === "sandbox";
  const { gitops } = loadPortalConfig();
  const actor = await getActor();

  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to main content
        </a>
        {sandbox ? (
          <SandboxBanner
            repositoryUrl={simulatedRepositoryUrl(gitops.owner, gitops.repo)}
            repositoryName={`${gitops.owner}/${gitops.repo}`}
          />
        ) : null}
        <SiteHeader actor={actor} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}

/** Builds the URL of the GitHub simulator's page for the GitOps repository, or returns null when SANDBOX_GITHUB_URL is unset or invalid. */
function simulatedRepositoryUrl(owner: string, repo: string): string | null {
  const base = z.url().safeParse(process.env.SANDBOX_GITHUB_URL);
  if (!base.success) return null;
  return `${base.data.replace(/\/$/, "")}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
