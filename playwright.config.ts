import { existsSync } from "node:fs";

import { defineConfig, devices } from "@playwright/test";

import { PORTAL_URL } from "./e2e/support/e2e-settings";

// Browser tests of the whole sandbox: each spec file starts its own sandbox (portal and
// both simulators) on ports 3100-3102, so the suite runs one worker at a time. The portal
// runs from a production build (`npm start -- --production`), which the global setup makes
// when the sources are newer than it. `next dev` compiles every route on its first request,
// which made a run about twice as slow on a 2-core machine.

// Debian's Chromium package; without it Playwright falls back to its own downloaded browser.
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: PORTAL_URL,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
          args: [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            // CI runs as root, where Chromium refuses to start with its sandbox.
            "--no-sandbox",
          ],
        },
      },
    },
  ],
});
