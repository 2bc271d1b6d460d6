// Bad input on the new-request form in Chromium: the form's own check of an invalid secret
// name before anything is sent, and the server's message when the name is already taken.
// Also a page opened at 127.0.0.1, which must lead to the configured localhost address.
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";

import { PORTAL_URL } from "./support/e2e-settings";
import { fillRequestForm, openRequestForm, signInAs, submitRequestForm } from "./support/portal-actions";
import { SANDBOX_START_TIMEOUT_MS, startSandbox, type RunningSandbox } from "./support/sandbox-process";

const TAKEN_NAME = "reporting-api-token";

test.describe.configure({ mode: "serial" });

let sandbox: RunningSandbox;
let context: BrowserContext;
let page: Page;

/** Returns the text of every element the control's aria-describedby names. */
async function accessibleDescriptions(control: Locator): Promise<string[]> {
  const ids = ((await control.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push((await page.locator(`[id="${id}"]`).textContent()) ?? "");
  return texts;
}

function secretNameInput(): Locator {
  return page.getByLabel("Secret name", { exact: true });
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(SANDBOX_START_TIMEOUT_MS + 30_000);
  sandbox = await startSandbox("bad-input");
  context = await browser.newContext({ baseURL: PORTAL_URL });
  page = await context.newPage();
  await signInAs(page, "Dana Developer");
});

test.afterAll(async () => {
  await context?.close();
  await sandbox?.dispose();
});

test("invalid name shows its error before submit", async () => {
  await openRequestForm(page);
  const input = secretNameInput();
  await input.fill("Orders_Password");
  await input.press("Tab");

  await expect(input).toHaveAttribute("aria-invalid", "true");
  const message = "Secret name must be lowercase kebab-case";
  expect((await accessibleDescriptions(input)).filter((text) => text.includes(message))).toHaveLength(1);

  // The message sits in the field's own container, right under the input.
  await expect(input.locator("xpath=..")).toContainText(message);
  expect(new URL(page.url()).pathname).toBe("/requests/new");
});

test("corrected name clears the error", async () => {
  const input = secretNameInput();
  await input.fill("orders-password");
  await input.press("Tab");

  await expect(input).not.toHaveAttribute("aria-invalid", "true");
  expect((await accessibleDescriptions(input)).join("\n")).not.toContain("Secret name must be");
});

test("taken name shows the server's message on its field", async () => {
  const form = {
    secretName: TAKEN_NAME,
    description: "Token the reporting job uses to call payments-api",
    keys: ["token"],
    refreshInterval: "1h",
  };

  await fillRequestForm(page, form);
  await submitRequestForm(page);
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TAKEN_NAME);

  await fillRequestForm(page, form);
  await submitRequestForm(page);

  const input = secretNameInput();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const descriptions = await accessibleDescriptions(input);
  const message = descriptions.find((text) => text.includes("is taken"));
  expect(message).toContain(`The name "/dev/payments-api/${TAKEN_NAME}" is taken`);
  expect(message).toContain("Choose another secret name.");
  await expect(input).toBeFocused();
  expect(new URL(page.url()).pathname).toBe("/requests/new");
});

test("127.0.0.1 leads to the configured address", async ({ browser }) => {
  const other = await browser.newContext();
  const loopback = await other.newPage();

  await loopback.goto(`${PORTAL_URL.replace("localhost", "127.0.0.1")}/signin?callbackUrl=%2Frequests`);

  await expect(loopback).toHaveURL(`${PORTAL_URL}/signin?callbackUrl=%2Frequests`);
  await other.close();
});
