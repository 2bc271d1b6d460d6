import "server-only";

import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Prometheus metrics for /api/metrics. Next.js can evaluate this module once per module
// graph (route handlers, server actions, instrumentation) in the same process, and
// prom-client rejects a second metric with the same name, so one set lives on globalThis.

const PREFIX = "secrets_portal_";

export interface PortalMetrics {
  registry: Registry;
  requestsCreatedTotal: Counter;
  webhookDeliveriesTotal: Counter<"event" | "outcome">;
  provisioningTotal: Counter<"outcome">;
  jobDurationSeconds: Histogram<"kind" | "outcome">;
}

function createMetrics(): PortalMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });

  return {
    registry,
    requestsCreatedTotal: new Counter({
      name: `${PREFIX}requests_created_total`,
      help: "Secret requests created through the portal.",
      registers: [registry],
    }),
    webhookDeliveriesTotal: new Counter({
      name: `${PREFIX}webhook_deliveries_total`,
      help: "GitHub webhook deliveries received, by event and outcome (for example processed, duplicate, rejected).",
      labelNames: ["event", "outcome"],
      registers: [registry],
    }),
    provisioningTotal: new Counter({
      name: `${PREFIX}provisioning_total`,
      help: "Secret provisioning attempts in AWS Secrets Manager, by outcome (for example succeeded, failed).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    jobDurationSeconds: new Histogram({
      name: `${PREFIX}job_duration_seconds`,
      help: "Duration of background jobs in seconds, by job kind and outcome.",
      labelNames: ["kind", "outcome"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
}

const holder = globalThis as { __portalMetrics?: PortalMetrics };

/** Returns the process-wide metrics, creating them on first use. */
export function getMetrics(): PortalMetrics {
  return (holder.__portalMetrics ??= createMetrics());
}

export const { registry: metricsRegistry, requestsCreatedTotal, webhookDeliveriesTotal, provisioningTotal, jobDurationSeconds } =
  getMetrics();
