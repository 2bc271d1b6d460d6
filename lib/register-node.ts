import "server-only";

import { checkStartup } from "./startup-check";

/**
 * Checks the production settings, then starts the job worker and the periodic maintenance.
 * Runs once in the Node.js server process; it lives apart from instrumentation.ts so that
 * Next.js does not compile Node-only calls for the Edge runtime.
 */
export async function registerNode(): Promise<void> {
  try {
    checkStartup();
  } catch (error) {
    // Stop before serving anything, with only the message on stderr so the pod log shows
    // exactly which settings to add.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }

  if (process.env.PORTAL_WORKER === "off") return;

  const { startBackgroundWork } = await import("./background");
  startBackgroundWork();
}
