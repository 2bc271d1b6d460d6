import { expect, type Locator, type Page } from "@playwright/test";

// Steps through the portal's own pages, shared by the specs.

export interface RequestFormInput {
  secretName: string;
  description: string;
  keys: readonly string[];
  refreshInterval: string;
}

/**
 * Waits until React has hydrated `control`. The server renders buttons and inputs before their
 * handlers exist, and a click in between is lost; a slow machine makes that likely.
 */
export async function expectHydrated(control: Locator): Promise<void> {
  // NOTE: React DOM 19 keeps a hydrated node's props under `__reactProps$<random>`. That is an
  // implementation detail, so check it first if every spec times out here.
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), {
      message: "React hydrated the control",
    })
    .toBe(true);
}

/** Signs in with the sandbox persona card named `personaName`. */
export async function signInAs(page: Page, personaName: string): Promise<void> {
  await page.goto("/signin");
  const button = page.getByRole("button", { name: `Sign in as ${personaName}` });
  await expectHydrated(button);
  await button.click();
  await page.waitForURL((url) => url.pathname !== "/signin" && !url.pathname.startsWith("/api/auth"));
  await expect(page.getByRole("banner")).toContainText(personaName);
}

export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole("button", { name: "Sign out" });
  await expectHydrated(button);
  await button.click();
  await page.waitForURL((url) => url.pathname === "/signin");
  await expect(page.getByRole("button", { name: /^Sign in as / }).first()).toBeVisible();
}

/** Opens the new-request form through the header link and waits until it reacts to input. */
export async function openRequestForm(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New request" }).click();
  await expect(page.getByRole("heading", { name: "Request a secret" })).toBeVisible();
  await expectHydrated(page.getByRole("button", { name: "Request secret" }));
}

/** Opens the new-request form and fills it for payments-api in dev. */
export async function fillRequestForm(page: Page, input: RequestFormInput): Promise<void> {
  await openRequestForm(page);

  await page.getByLabel("Environment", { exact: true }).selectOption("dev");
  await page.getByLabel("Application", { exact: true }).selectOption("payments-api");
  await page.getByLabel("Secret name", { exact: true }).fill(input.secretName);
  await page.getByLabel("Description", { exact: true }).fill(input.description);

  for (const [index, key] of input.keys.entries()) {
    if (index > 0) await page.getByRole("button", { name: "Add key" }).click();
    await page.getByLabel(`Key ${index + 1}`, { exact: true }).fill(key);
  }

  await page.getByLabel("Refresh interval", { exact: true }).selectOption(input.refreshInterval);
}

export async function submitRequestForm(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Request secret" }).click();
}
