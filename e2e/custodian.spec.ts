// A value that a custodian types in: a developer requests a secret whose value comes from a
// custodian, the platform persona merges the pull request, and, as custodian, types a canary
// into the write-only form. The canary must then be in Secrets Manager and in no page, API
// response, log line, database row, pull request or git object.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";

import { readAllRows } from "./support/database-rows";
import { AWS_URL, PORTAL_URL } from "./support/e2e-settings";
import { expectHydrated, fillRequestForm, signInAs, signOut, submitRequestForm } from "./support/portal-actions";
import { PortalTraffic, sourcesContaining } from "./support/portal-traffic";
import { SANDBOX_START_TIMEOUT_MS, startSandbox, type RunningSandbox } from "./support/sandbox-process";

const SECRET_NAME = "vendor-api-key";
const PROVIDER_NAME = `/dev/payments-api/${SECRET_NAME}`;
const CANARY = `custodian-canary-${randomUUID()}`;

test.describe.configure({ mode: "serial" });

let sandbox: RunningSandbox;
let context: BrowserContext;
let page: Page;
const traffic = new PortalTraffic();

let requestPath = "";
let pullRequestUrl = "";

function requestHeader(): Locator {
  return page.getByRole("article").locator("header");
}

function valueInput(): Locator {
  return page.getByLabel("api-key", { exact: true });
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(SANDBOX_START_TIMEOUT_MS + 30_000);
  sandbox = await startSandbox("custodian");
  context = await browser.newContext({ baseURL: PORTAL_URL });
  await traffic.watch(context);
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await sandbox?.dispose();
});

test("developer requests a custodian value", async () => {
  await signInAs(page, "Dana Developer");
  await fillRequestForm(page, {
    secretName: SECRET_NAME,
    description: "API key that the card vendor issued for payments-api",
    keys: ["api-key"],
    refreshInterval: "1h",
  });
  await page.getByLabel("Supplied later by a custodian").check();
  await submitRequestForm(page);
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  requestPath = new URL(page.url()).pathname;

  await expect(requestHeader()).toContainText("In review");
  pullRequestUrl = (await page.getByRole("link", { name: /^Pull request #\d+$/ }).getAttribute("href")) ?? "";
  expect(pullRequestUrl).not.toBe("");
});

test("platform approves and merges in GitHub", async () => {
  await signOut(page);
  await page.goto(pullRequestUrl);

  await page.getByLabel("Act as").selectOption("pat-platform");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("region", { name: "Reviews" })).toContainText("pat-platform approved");
  await page.getByLabel("Act as").selectOption("pat-platform");
  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.getByTestId("pull-state")).toHaveText("Merged");
});

test("merged request waits for its value", async () => {
  await signInAs(page, "Pat Platform");
  await expect(async () => {
    await page.goto(requestPath);
    await expect(requestHeader()).toContainText("Awaiting value", { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });

  await expect(valueInput()).toHaveAttribute("type", "password");
  await expect(valueInput()).toHaveAttribute("autocomplete", "new-password");
  await expect(valueInput()).toHaveValue("");
});

test("developer sees no value form", async () => {
  await signOut(page);
  await signInAs(page, "Dana Developer");
  await page.goto(requestPath);

  await expect(requestHeader()).toContainText("Awaiting value");
  await expect(valueInput()).toHaveCount(0);
  await signOut(page);
});

test("custodian stores the value", async () => {
  await signInAs(page, "Pat Platform");
  await page.goto(requestPath);
  const submit = page.getByRole("button", { name: "Store value and create the secret" });
  await expectHydrated(submit);

  await valueInput().fill(CANARY);
  await submit.click();

  await expect(requestHeader()).toContainText("Provisioned");
  await page.getByText("Replace the value").click();
  await expect(valueInput()).toHaveValue("");
  await traffic.recordPage(page);
});

test("Secrets Manager holds the value", async () => {
  const client = new SecretsManagerClient({ endpoint: AWS_URL, region: "eu-west-1", credentials: { accessKeyId: "e2e", secretAccessKey: "e2e" } });
  const stored = await client.send(new GetSecretValueCommand({ SecretId: PROVIDER_NAME }));
  client.destroy();

  expect(JSON.parse(stored.SecretString ?? "{}")).toEqual({ "api-key": CANARY });
});

test("canary stays out of pages and responses", async () => {
  for (const path of [requestPath, "/requests", "/all-requests", "/rotation", "/api/auth/session"]) {
    const response = await page.request.get(path);
    expect(response.status(), `GET ${path}`).toBe(200);
    await traffic.recordApiResponse(response);
  }
  await page.goto(pullRequestUrl);
  const pullRequestPage = await page.content();

  expect(sourcesContaining(traffic.recorded(), [PROVIDER_NAME])).not.toEqual([]);
  expect(sourcesContaining(traffic.recorded(), [CANARY])).toEqual([]);
  expect(pullRequestPage.includes(CANARY)).toBe(false);
});

test("canary stays out of git", async () => {
  const history = execFileSync("git", ["--git-dir", sandbox.repositoryPath, "log", "-p", "--all"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(history).toContain(PROVIDER_NAME);
  expect(history.includes(CANARY)).toBe(false);
});

test("sandbox stops", async () => {
  await context.close();
  await sandbox.stop();
});

test("canary stays out of the log", async () => {
  const lines = readFileSync(sandbox.logFile, "utf8").split("\n");
  expect(lines.some((line) => line.includes("custodian value stored"))).toBe(true);
  expect(lines.filter((line) => line.includes(CANARY))).toEqual([]);
});

test("canary stays out of the database", async () => {
  const rows = await readAllRows(sandbox.database);
  expect(rows.some((row) => row.table === "SecretRequest" && row.text.includes(PROVIDER_NAME))).toBe(true);
  expect(rows.filter((row) => row.text.includes(CANARY)).map((row) => row.table)).toEqual([]);
});
