import { generateKeyPairSync } from "node:crypto";

import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createOctokit,
  expectOperationResponse,
  failedRequest,
  OWNER,
  REPO,
  startTestSimulator,
  type TestSimulator,
} from "./test-support/simulator-fixture";

const APP_ID = 4242;
const INSTALLATION_ID = 77;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const publicKey = keys.publicKey.export({ type: "spki", format: "pem" }).toString();

const users = [
  { login: "active-member", name: "Active Member" },
  { login: "pending-member", name: "Pending Member" },
  { login: "private-member", name: "Private Member" },
  { login: "outsider", name: "Outsider" },
];
const readOrg = ["read:org", "user:email"];
const tokens = [
  { token: "token-active", login: "active-member", scopes: readOrg },
  { token: "token-pending", login: "pending-member", scopes: readOrg },
  { token: "token-private", login: "private-member", scopes: readOrg },
  { token: "token-outsider", login: "outsider", scopes: readOrg },
  { token: "token-no-scope", login: "active-member", scopes: ["user:email"] },
  { token: "token-narrow", login: "active-member", scopes: ["gist"] },
];

let github: TestSimulator;

beforeAll(async () => {
  github = await startTestSimulator({
    users,
    tokens,
    installationId: INSTALLATION_ID,
    app: { appId: APP_ID, slug: "secrets-portal", publicKey },
    organizations: [
      {
        login: OWNER,
        restrictsOAuthApps: true,
        members: [
          { login: "active-member" },
          { login: "pending-member", state: "pending" },
          { login: "private-member", visibility: "private" },
        ],
        teams: [{ slug: "payments", members: [{ login: "active-member" }, { login: "private-member" }] }],
      },
    ],
  });
});

afterAll(async () => {
  await github.stop();
});

function appOctokit(key = privateKey): Octokit {
  return new Octokit({ baseUrl: github.url, authStrategy: createAppAuth, auth: { appId: APP_ID, privateKey: key } });
}

describe("GitHub App auth", () => {
  it("serves the repository installation", async () => {
    const response = await appOctokit().rest.apps.getRepoInstallation({ owner: OWNER, repo: REPO });
    expectOperationResponse("apps/get-repo-installation", 200, response.data);
    expect(response.data.id).toBe(INSTALLATION_ID);
  });

  it("mints an installation token", async () => {
    const response = await appOctokit().rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID });
    expectOperationResponse("apps/create-installation-access-token", 201, response.data);
    expect(response.data.token).toMatch(/^ghs_/);
  });

  it("accepts the installation token", async () => {
    const octokit = new Octokit({
      baseUrl: github.url,
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey, installationId: INSTALLATION_ID },
    });
    const response = await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    expect(response.data.full_name).toBe(`${OWNER}/${REPO}`);
  });

  it("rejects a JWT from another key", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const failure = await failedRequest(appOctokit(other).rest.apps.getRepoInstallation({ owner: OWNER, repo: REPO }));
    expect(failure.status).toBe(401);
  });

  it("rejects a token on an App endpoint", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-active").rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }));
    expect(failure.status).toBe(401);
  });

  it("rejects an unknown installation", async () => {
    const failure = await failedRequest(appOctokit().rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID + 1 }));
    expect(failure.status).toBe(404);
  });
});

describe("organization membership", () => {
  it("returns an active membership", async () => {
    const response = await createOctokit(github.url, "token-active").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER });
    expectOperationResponse("orgs/get-membership-for-authenticated-user", 200, response.data);
    expect(response.data.state).toBe("active");
  });

  it("returns a pending invitation", async () => {
    const response = await createOctokit(github.url, "token-pending").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER });
    expect(response.data.state).toBe("pending");
  });

  it("returns 404 for a non-member", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-outsider").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER }));
    expect(failure.status).toBe(404);
  });

  it("returns 403 for a hidden private membership", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-private").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER }));
    expect(failure.status).toBe(403);
  });

  it("explains the OAuth App restriction", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-private").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER }));
    expect(failure.message).toContain("OAuth App access restrictions");
  });

  it("hides membership without read:org", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-no-scope").rest.orgs.getMembershipForAuthenticatedUser({ org: OWNER }));
    expect(failure.status).toBe(404);
  });

  it("reports the token's scopes", async () => {
    const response = await createOctokit(github.url, "token-no-scope").rest.users.getAuthenticated();
    expect(response.headers["x-oauth-scopes"]).toBe("user:email");
  });
});

describe("team membership", () => {
  it("returns an active team membership", async () => {
    const response = await createOctokit(github.url, "token-active").rest.teams.getMembershipForUserInOrg({
      org: OWNER,
      team_slug: "payments",
      username: "active-member",
    });
    expectOperationResponse("teams/get-membership-for-user-in-org", 200, response.data);
    expect(response.data.state).toBe("active");
  });

  it("returns 404 for a non-member", async () => {
    const failure = await failedRequest(
      createOctokit(github.url, "token-outsider").rest.teams.getMembershipForUserInOrg({ org: OWNER, team_slug: "payments", username: "outsider" }),
    );
    expect(failure.status).toBe(404);
  });

  it("returns 404 for an unknown team", async () => {
    const failure = await failedRequest(
      createOctokit(github.url, "token-active").rest.teams.getMembershipForUserInOrg({ org: OWNER, team_slug: "nope", username: "active-member" }),
    );
    expect(failure.status).toBe(404);
  });
});

describe("teams of the authenticated user", () => {
  it("lists active teams", async () => {
    const response = await createOctokit(github.url, "token-active").rest.teams.listForAuthenticatedUser();
    expectOperationResponse("teams/list-for-authenticated-user", 200, response.data);
    expect(response.data.map((team) => team.slug)).toEqual(["payments"]);
  });

  it("omits a pending invitation", async () => {
    const response = await createOctokit(github.url, "token-pending").rest.teams.listForAuthenticatedUser();
    expect(response.data).toEqual([]);
  });

  it("omits a hidden private membership", async () => {
    const response = await createOctokit(github.url, "token-private").rest.teams.listForAuthenticatedUser();
    expect(response.data).toEqual([]);
  });

  it("requires a scope", async () => {
    const failure = await failedRequest(createOctokit(github.url, "token-narrow").rest.teams.listForAuthenticatedUser());
    expect(failure.status).toBe(403);
  });
});
