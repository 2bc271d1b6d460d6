// Starts the job worker and the periodic maintenance inside the Node.js server process.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.PORTAL_WORKER === "off") return;

  const { startBackgroundWork } = await import("./lib/background");
  startBackgroundWork();
}
