import { readFileSync } from "node:fs";

import { parsePortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";

import type { RequestManifestFields } from "./render-request-files";

const CONFIG_FILE = new URL("../../portal.config.yaml", import.meta.url);

/** Loads the repository's portal.config.yaml, the configuration the sandbox runs with. */
export function loadSandboxConfig(): PortalConfig {
  return parsePortalConfig(readFileSync(CONFIG_FILE, "utf8"), "portal.config.yaml");
}

export const sampleRequest: RequestManifestFields = {
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  environment: "dev",
  application: "payments-api",
  secretName: "database-password",
  namespace: "payments-dev",
  providerName: "/dev/payments-api/database-password",
  keys: ["username", "password"],
  refreshInterval: "1h",
};
