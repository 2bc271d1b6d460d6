import type { APIResponse, BrowserContext, Page } from "@playwright/test";

import { PORTAL_URL } from "./e2e-settings";

const PORTAL_ORIGIN = new URL(PORTAL_URL).origin;

export interface RecordedText {
  /** Where the text came from: "<method> <url>" of a browser response, "API <url>", or "page <url>" for a DOM. */
  source: string;
  text: string;
}

/**
 * Collects everything the portal sent for the canary checks: every response body the browser
 * received from the portal's origin, the rendered DOM of its pages, and API responses.
 */
export class PortalTraffic {
  private readonly texts: RecordedText[] = [];

  /**
   * Routes the context's requests to the portal through Playwright, which reads each body
   * before passing it on. Chromium's own records (response events, HAR) miss the bodies of
   * fetch responses the page reads as streams, which is how React Server Components and
   * server actions arrive.
   *
   * NOTE: Chromium then treats the portal's pages as public and blocks their WebSockets to
   * localhost (local network access checks). `next start` opens none, but `next dev`'s hot
   * reload connection fails, and in a trial its pages then did not hydrate.
   */
  async watch(context: BrowserContext): Promise<void> {
    await context.route(
      (url) => url.origin === PORTAL_ORIGIN,
      async (route) => {
        // Redirects go back to the browser unfollowed, so it sees every hop as before.
        const response = await route.fetch({ maxRedirects: 0, timeout: 0 });
        const body = await response.body();
        this.texts.push({ source: `${route.request().method()} ${route.request().url()}`, text: body.toString("utf8") });
        await route.fulfill({ response, body });
      },
    );
  }

  /** Records the current DOM of `page` when it shows a portal page. */
  async recordPage(page: Page): Promise<void> {
    if (new URL(page.url()).origin !== PORTAL_ORIGIN) return;
    this.texts.push({ source: `page ${page.url()}`, text: await page.content() });
  }

  async recordApiResponse(response: APIResponse): Promise<void> {
    this.texts.push({ source: `API ${response.url()}`, text: await response.text() });
  }

  recorded(): RecordedText[] {
    return [...this.texts];
  }
}

/** Returns the sources whose text contains any of `values`. */
export function sourcesContaining(texts: readonly RecordedText[], values: readonly string[]): string[] {
  return texts.filter(({ text }) => values.some((value) => text.includes(value))).map(({ source }) => source);
}
