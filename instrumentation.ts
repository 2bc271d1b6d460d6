// Checks the production settings, then starts the job worker and the periodic maintenance
// inside the Node.js server process.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { checkStartup } = await import("./lib/startup-check");
  try {
    checkStartup();
  } catch (error) {
    // Stop before serving anything, with only the message on stderr so the pod log shows
    // exactly which settings to add.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }

  if (process.env.PORTAL_WORKER === "off") return;

  const { startBackgroundWork } = await import("./lib/background");
  startBackgroundWork();
}
