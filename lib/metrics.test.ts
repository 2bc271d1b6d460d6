import { describe, expect, it } from "vitest";

import { getMetrics, metricsRegistry, provisioningTotal, webhookDeliveriesTotal } from "./metrics";

describe("metrics", () => {
  it("returns one set per process", () => {
    expect(getMetrics()).toBe(getMetrics());
    expect(getMetrics().registry).toBe(metricsRegistry);
  });

  it("exposes counters with labels", async () => {
    webhookDeliveriesTotal.inc({ event: "pull_request", outcome: "processed" });
    provisioningTotal.inc({ outcome: "succeeded" });
    const text = await metricsRegistry.metrics();
    expect(text).toContain('secrets_portal_webhook_deliveries_total{event="pull_request",outcome="processed"} 1');
    expect(text).toContain('secrets_portal_provisioning_total{outcome="succeeded"} 1');
  });

  it("exposes default process metrics", async () => {
    const text = await metricsRegistry.metrics();
    expect(text).toContain("secrets_portal_process_cpu_user_seconds_total");
  });

  it("uses the Prometheus text format", () => {
    expect(metricsRegistry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
