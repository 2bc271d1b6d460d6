// Next.js calls register() once when a server process starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { registerNode } = await import("./lib/register-node");
  await registerNode();
}
