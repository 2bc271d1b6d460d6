import { afterEach, describe, expect, it, vi } from "vitest";

import { register } from "@/instrumentation";

describe("register", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it.each(["NEXTAUTH_SECRET", "GITHUB_WEBHOOK_SECRET", "DATABASE_URL"])("stops production without %s", async (name) => {
    const settings: Record<string, string> = {
      NEXT_RUNTIME: "nodejs",
      PORTAL_MODE: "production",
      PORTAL_WORKER: "off",
      NEXTAUTH_SECRET: "s".repeat(40),
      NEXTAUTH_URL: "https://secrets.example.com",
      GITHUB_WEBHOOK_SECRET: "w".repeat(32),
      DATABASE_URL: "postgresql://portal@db.internal/portal",
      GITHUB_TOKEN: "ghp_example",
    };
    for (const [key, value] of Object.entries(settings)) vi.stubEnv(key, key === name ? "" : value);
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);

    await register();

    expect(exit).toHaveBeenCalledWith(1);
    // The default portal.config.yaml enables the sandbox provider, which production also refuses.
    expect(String(printed.mock.calls[0]?.[0])).toContain(`Missing environment setting ${name}:`);
  });
});
