// Liveness and dependency health: the database, the GitOps repository on GitHub and
// Secrets Manager in every configured region. 200 when all pass, otherwise 503.
import { checkDatabase, getDb } from "@/lib/db";
import { getServices } from "@/lib/services";

import { checkHealth, HEALTH_CHECK_TIMEOUT_MS, probeEachRegion } from "./check-health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkHealth({
    database: async () => {
      const result = await checkDatabase(getDb(), HEALTH_CHECK_TIMEOUT_MS);
      if (!result.ok) throw new Error(result.error);
    },
    // getServices() throws when a setting such as GITHUB_TOKEN is missing; inside a probe
    // that becomes a failed check instead of a failed endpoint.
    github: async () => getServices().github.checkAccess(),
    secretsManager: async () => {
      const { config, vault } = getServices();
      await probeEachRegion(
        config.environments.map((environment) => environment.awsRegion),
        (region) => vault.checkAccess(region),
      );
    },
  });

  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
