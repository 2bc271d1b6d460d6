import "server-only";

import type { PortalConfig } from "@/lib/config/schema";
import { loadPortalConfig } from "@/lib/config/load";
import { databaseKind, getDb, type Database } from "@/lib/db";
import { readGitHubCredentials, readPortalEnv } from "@/lib/env";
import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository, type GitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { createAdvisoryWriteGate } from "@/lib/integrations/github/write-gate";
import { createSecretsVault, type SecretsVault } from "@/lib/integrations/aws/secrets-vault";

/** Everything a domain function needs from the outside world; tests build their own. */
export interface Services {
  db: Database;
  config: PortalConfig;
  github: GitOpsRepository;
  vault: SecretsVault;
  /** Public base URL of the portal, for links in pull requests and comments. */
  portalUrl: string;
}

const holder = globalThis as { __portalServices?: Services };

export function getServices(): Services {
  if (holder.__portalServices) return holder.__portalServices;

  const env = readPortalEnv();
  const config = loadPortalConfig();
  const db = getDb();
  // PGlite serves one process, whose writes the throttling plugin already spaces.
  const octokit = createGitHubClient({
    baseUrl: env.GITHUB_API_URL,
    credentials: readGitHubCredentials(env),
    writeGate: databaseKind() === "postgres" ? createAdvisoryWriteGate(db) : undefined,
  });

  holder.__portalServices = {
    db,
    config,
    github: createGitOpsRepository(octokit, config.gitops),
    vault: createSecretsVault({ endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER }),
    portalUrl: env.portalUrl,
  };
  return holder.__portalServices;
}
