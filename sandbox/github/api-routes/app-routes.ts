import { randomBytes } from "node:crypto";

import { simpleUserJson } from "../account-json";
import { notFound } from "../api-error";
import { repoRoute, type ApiCall, type ApiRoute } from "../router";

// GitHub App authentication: the App signs a JWT, finds its installation and exchanges the
// JWT for an installation token that expires after an hour.

const TOKEN_LIFETIME_MS = 60 * 60_000;
const PERMISSIONS = { contents: "write", pull_requests: "write", issues: "write", metadata: "read", statuses: "write" };

function installationJson(call: ApiCall, accountLogin: string): Record<string, unknown> {
  const app = call.context.app;
  const id = call.context.installationId;
  const account = call.context.accounts.organization(accountLogin);
  return {
    id,
    account: simpleUserJson(call.context.apiUrl, call.context.publicUrl, account),
    repository_selection: "selected",
    access_tokens_url: `${call.context.apiUrl}/app/installations/${id}/access_tokens`,
    repositories_url: `${call.context.apiUrl}/installation/repositories`,
    html_url: `${call.context.publicUrl}/organizations/${encodeURIComponent(accountLogin)}/settings/installations/${id}`,
    app_id: app?.appId ?? 0,
    app_slug: app?.slug ?? "secrets-portal",
    target_id: account.id,
    target_type: "Organization",
    permissions: PERMISSIONS,
    events: ["pull_request", "pull_request_review"],
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

export const appRoutes: ApiRoute[] = [
  {
    method: "POST",
    template: "/app/installations/{installation_id}/access_tokens",
    operationId: "apps/create-installation-access-token",
    documentationUrl: "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
    auth: "app",
    async handle(call) {
      if (call.params.installation_id !== String(call.context.installationId)) throw notFound();

      const token = `ghs_${randomBytes(18).toString("base64url")}`;
      const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
      call.context.installationTokens.set(token, expiresAt);
      return {
        status: 201,
        body: {
          token,
          expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: PERMISSIONS,
          repository_selection: "selected",
        },
      };
    },
  },
  {
    ...repoRoute(
      "GET",
      "/repos/{owner}/{repo}/installation",
      "apps/get-repo-installation",
      "https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app",
      async (call) => ({ status: 200, body: installationJson(call, call.repo.owner) }),
    ),
    auth: "app",
  },
];
