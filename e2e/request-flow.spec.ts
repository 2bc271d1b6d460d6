// The sandbox's main flow in Chromium: a developer requests a secret, the platform persona
// approves and merges the pull request in the GitHub simulator, and the portal provisions
// the secret in the Secrets Manager simulator. The generated value is then the canary that
// must appear in no page, API response, log line, database row or git object.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { parse } from "yaml";

import { readAllRows } from "./support/database-rows";
import { AWS_URL, GITHUB_URL, PORTAL_URL } from "./support/e2e-settings";
import { fillRequestForm, signInAs, signOut, submitRequestForm } from "./support/portal-actions";
import { PortalTraffic, sourcesContaining } from "./support/portal-traffic";
import { SANDBOX_START_TIMEOUT_MS, startSandbox, type RunningSandbox } from "./support/sandbox-process";

const SECRET_NAME = "orders-database-password";
const PROVIDER_NAME = `/dev/payments-api/${SECRET_NAME}`;
const MANIFEST_PATH = `apps/payments-api/dev/external-secrets/${SECRET_NAME}.yaml`;
const KEYS = ["username", "password"];
const REFRESH_INTERVAL = "6h";

test.describe.configure({ mode: "serial" });

let sandbox: RunningSandbox;
let context: BrowserContext;
let page: Page;
const traffic = new PortalTraffic();

// Values that earlier tests set for later ones.
let requestPath = "";
let pullRequestUrl = "";
let branchName = "";
let secretArn = "";
let canaries: string[] = [];

function git(...args: string[]): string {
  return execFileSync("git", ["--git-dir", sandbox.repositoryPath, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The request page's heading block: environment, application, secret name and status badge. */
function requestHeader(): Locator {
  return page.getByRole("article").locator("header");
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(SANDBOX_START_TIMEOUT_MS + 30_000);
  sandbox = await startSandbox("request-flow");
  context = await browser.newContext({ baseURL: PORTAL_URL });
  await traffic.watch(context);
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await sandbox?.dispose();
});

test("developer requests a secret", async () => {
  await signInAs(page, "Dana Developer");
  await traffic.recordPage(page);

  await fillRequestForm(page, {
    secretName: SECRET_NAME,
    description: "Password of the orders database user for payments-api",
    keys: KEYS,
    refreshInterval: REFRESH_INTERVAL,
  });
  await expect(page.locator("#new-request-provider-name")).toHaveText(PROVIDER_NAME);
  await traffic.recordPage(page);

  await submitRequestForm(page);
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  requestPath = new URL(page.url()).pathname;

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SECRET_NAME);
  await expect(requestHeader()).toContainText("In review");
  const status = page.getByRole("region", { name: "Status" });
  await expect(status).toContainText("Waiting for the platform team to review and merge the pull request.");

  const pullLink = status.getByRole("link", { name: /^Pull request #\d+$/ });
  pullRequestUrl = (await pullLink.getAttribute("href")) ?? "";
  expect(pullRequestUrl).toMatch(new RegExp(`^${GITHUB_URL}/acme/gitops/pull/\\d+$`));
  branchName = (await status.locator("code").textContent()) ?? "";
  expect(branchName).toMatch(new RegExp(`^secrets-portal/dev/payments-api/${SECRET_NAME}-`));
  await traffic.recordPage(page);
});

test("pull request branch holds the ExternalSecret", async () => {
  const manifest = parse(git("show", `refs/heads/${branchName}:${MANIFEST_PATH}`)) as {
    kind: string;
    metadata: { name: string; namespace: string };
    spec: { refreshInterval: string; data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> };
  };

  expect(manifest.kind).toBe("ExternalSecret");
  expect(manifest.metadata.name).toBe(SECRET_NAME);
  expect(manifest.metadata.namespace).toBe("payments-dev");
  expect(manifest.spec.refreshInterval).toBe(REFRESH_INTERVAL);
  expect(manifest.spec.data.map((entry) => entry.secretKey)).toEqual(KEYS);
  expect(manifest.spec.data.map((entry) => entry.remoteRef.key)).toEqual([PROVIDER_NAME, PROVIDER_NAME]);
});

test("platform approves and merges in GitHub", async () => {
  await signOut(page);
  await page.goto(pullRequestUrl);
  await expect(page.getByTestId("pull-state")).toHaveText("Open");

  await page.getByLabel("Act as").selectOption("pat-platform");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toHaveText(/^pat-platform submitted a review: approved\.$/);
  await expect(page.getByRole("region", { name: "Reviews" })).toContainText("pat-platform approved");

  await page.getByLabel("Act as").selectOption("pat-platform");
  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.getByTestId("pull-state")).toHaveText("Merged");
  await expect(page.getByRole("status")).toHaveText(/^pat-platform merged pull request #\d+\.$/);
});

test("request reaches provisioned with its ARN", async () => {
  await signInAs(page, "Dana Developer");

  // The merge webhook and the provisioning job run in the background; reload until done.
  await expect(async () => {
    await page.goto(requestPath);
    await expect(requestHeader()).toContainText("Provisioned", { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });

  const provisioned = page.getByRole("region", { name: "In AWS Secrets Manager" });
  secretArn = ((await provisioned.locator("dd").first().textContent()) ?? "").trim();
  expect(secretArn).toMatch(/^arn:aws:secretsmanager:eu-west-1:111111111111:secret:\/dev\/payments-api\/orders-database-password-[A-Za-z0-9]{6}$/);
  await traffic.recordPage(page);
});

test("Secrets Manager holds both keys", async () => {
  const client = new SecretsManagerClient({
    endpoint: AWS_URL,
    region: "eu-west-1",
    credentials: { accessKeyId: "e2e", secretAccessKey: "e2e" },
  });
  const stored = await client.send(new GetSecretValueCommand({ SecretId: PROVIDER_NAME }));
  client.destroy();

  expect(stored.ARN).toBe(secretArn);
  const value = JSON.parse(stored.SecretString ?? "{}") as Record<string, string>;
  expect(Object.keys(value).sort()).toEqual([...KEYS].sort());
  // The length and alphabet come from the configured value policy; a short value would make
  // a weak canary, matching text by chance.
  for (const key of KEYS) expect(value[key]?.length ?? 0, `length of the value of ${key}`).toBeGreaterThanOrEqual(16);
  expect(value.username).not.toBe(value.password);

  // Each generated value is a canary, and so is the whole JSON document.
  canaries = [...KEYS.map((key) => value[key] ?? ""), stored.SecretString ?? ""];
});

test("canary stays out of the pull request", async () => {
  // The portal comments on the pull request once the secret exists.
  await expect(async () => {
    await page.goto(pullRequestUrl);
    await expect(page.getByRole("region", { name: "Comments" })).toContainText(secretArn, { timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });

  const html = await page.content();
  for (const canary of canaries) expect(html.includes(canary)).toBe(false);
});

test("canary stays out of git", async () => {
  const history = git("log", "-p", "--all");
  expect(history).toContain(PROVIDER_NAME);
  for (const canary of canaries) expect(history.includes(canary)).toBe(false);
});

test("canary stays out of pages and API responses", async () => {
  expect(canaries).toHaveLength(KEYS.length + 1);

  for (const path of ["/api/health", "/api/auth/session", requestPath, "/requests"]) {
    const response = await page.request.get(path);
    expect(response.status(), `GET ${path}`).toBe(200);
    await traffic.recordApiResponse(response);
  }
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { login?: string } };
  expect(session.user?.login).toBe("dana-dev");

  const texts = traffic.recorded();
  const sources = texts.map((text) => text.source);
  expect(sources).toContain(`page ${PORTAL_URL}${requestPath}`);
  expect(sources).toContain(`GET ${PORTAL_URL}${requestPath}`);
  expect(sourcesContaining(texts, [secretArn])).not.toEqual([]);
  expect(sourcesContaining(texts, canaries)).toEqual([]);
});

test("owner rotates after confirming", async () => {
  await page.goto(requestPath);
  await page.getByRole("button", { name: "Rotate now" }).click();
  await expect(page.getByText(`Replace the value of ${PROVIDER_NAME} with a new one?`)).toBeVisible();

  await page.getByRole("button", { name: "Yes, rotate" }).click();
  await expect(page.getByText(/is current in Secrets Manager\. External Secrets Operator copies it into the Kubernetes Secret by/)).toBeVisible();
});

test("sandbox stops without leftover processes", async () => {
  // `next start` finishes open connections before it exits on SIGTERM, and Chromium keeps
  // idle ones open, so the browser goes first, as it would for a person closing the tab.
  await context.close();
  await sandbox.stop();
});

test("canary stays out of the log", async () => {
  const lines = readFileSync(sandbox.logFile, "utf8").split("\n");
  expect(lines.some((line) => line.includes("secret provisioned") && line.includes(secretArn))).toBe(true);
  expect(lines.filter((line) => canaries.some((canary) => line.includes(canary)))).toEqual([]);
});

test("canary stays out of the database", async () => {
  const rows = await readAllRows(sandbox.database);
  expect(rows.some((row) => row.table === "SecretRequest" && row.text.includes(secretArn))).toBe(true);
  expect(rows.filter((row) => canaries.some((canary) => row.text.includes(canary))).map((row) => row.table)).toEqual([]);
});
