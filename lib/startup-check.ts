import "server-only";

import { loadPortalConfig } from "@/lib/config/load";
import { assertProductionStartup } from "@/lib/env";

/**
 * Refuses a production start with a missing setting or the sandbox sign-in provider. Next.js
 * calls instrumentation's register() before it serves a request, so this runs first.
 */
export function checkStartup(env: NodeJS.ProcessEnv = process.env): void {
  const config = loadPortalConfig();
  assertProductionStartup(env, { providers: config.auth.providers });
}
