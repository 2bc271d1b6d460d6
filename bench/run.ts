// Measures the time from a merge webhook reaching the portal to the secret existing in
// Secrets Manager, through both simulators over HTTP on 127.0.0.1 and the portal's own
// webhook receiver, job worker and database (PGlite in a temporary directory, or a
// throwaway database on the local PostgreSQL in DATABASE_URL).
//
//   npm run bench                      # 20 merges
//   BENCH_MERGES=100 npm run bench
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";

import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { jobHandlers } from "@/lib/jobs/handlers";
import { startJobWorker } from "@/lib/jobs/worker";
import { createSecretRequest } from "@/lib/requests/create-request";
import type { Services } from "@/lib/services";
import { receiveGitHubDelivery } from "@/lib/webhooks/github/receive-delivery";
import { startChildWorkerSandbox } from "@/test-support/child-worker-sandbox";

const WEBHOOK_SECRET = "bench-webhook-secret-0123456789abcdef";
const MERGES = Number(process.env.BENCH_MERGES ?? "20");

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? 0;
}

async function startReceiver(services: () => Services | undefined): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const current = services();
      const header = (name: string): string | null => {
        const value = request.headers[name];
        return typeof value === "string" ? value : null;
      };
      if (!current) {
        response.writeHead(503).end();
        return;
      }
      receiveGitHubDelivery(current, WEBHOOK_SECRET, {
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: header("x-hub-signature-256"),
        event: header("x-github-event"),
        deliveryId: header("x-github-delivery"),
      }).then(
        (result) => response.writeHead(result.status).end(result.message),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/github`, server };
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} returned ${response.status}: ${await response.text()}`);
}

async function main(): Promise<void> {
  let services: Services | undefined;
  const receiver = await startReceiver(() => services);
  const sandbox = await startChildWorkerSandbox({ webhook: { url: receiver.url, secret: WEBHOOK_SECRET } });
  services = sandbox.services;
  const { db } = sandbox.services;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  try {
    // The portal runs as in production: a throttled GitHub client and one worker with the
    // portal's default concurrency. Set-up calls use the unthrottled sandbox client.
    const octokit = createGitHubClient({ baseUrl: sandbox.githubUrl, token: "test-portal-token" });
    services = { ...sandbox.services, github: createGitOpsRepository(octokit, sandbox.services.config.gitops) };
    const worker = startJobWorker(services, { handlers: jobHandlers, pollIntervalMs: 1_000, concurrency: 2 });

    // Every pull request edits the namespace's kustomization.yaml, so pull requests opened
    // together conflict. Each one is therefore opened after the previous merge, and the
    // merges arrive one pull request's set-up time apart while earlier ones still provision.
    console.log(`Opening, approving and merging ${MERGES} pull requests one after another...`);
    const started = performance.now();
    for (let index = 0; index < MERGES; index += 1) {
      const { id } = await createSecretRequest(sandbox.services, sandbox.developer, {
        environment: "dev",
        application: "payments-api",
        secretName: `bench-${Date.now().toString(36)}-${index}`,
        description: "Benchmark secret",
        secretType: "Opaque",
        keys: ["username", "password"],
        valueSource: "generated",
        refreshInterval: "1h",
      });
      const request = await db.secretRequest.findUniqueOrThrow({ where: { id } });
      await post(`${sandbox.githubUrl}/_sandbox/pulls/acme/gitops/${request.pullRequestNumber}/approve-as`, { login: "pat-platform" });
      await post(`${sandbox.githubUrl}/_sandbox/pulls/acme/gitops/${request.pullRequestNumber}/merge-as`, { login: "pat-platform" });
    }
    for (;;) {
      const done = await db.secretRequest.count({ where: { status: { in: ["PROVISIONED", "PROVISIONING_FAILED"] } } });
      if (done === MERGES) break;
      if (performance.now() - started > 600_000) throw new Error(`Only ${done} of ${MERGES} requests finished within 10 minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wallMs = performance.now() - started;
    await worker.stop();

    const requests = await db.secretRequest.findMany({
      select: { status: true, mergedAt: true, provisionedAt: true },
    });
    const failed = requests.filter((request) => request.status !== "PROVISIONED").length;
    const latencies = requests
      .filter((request) => request.mergedAt && request.provisionedAt)
      .map((request) => (request.provisionedAt?.getTime() ?? 0) - (request.mergedAt?.getTime() ?? 0))
      .sort((a, b) => a - b);

    console.log("");
    console.log(`database          ${sandbox.kind}`);
    console.log(`machine           ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
    console.log(`load average      ${os.loadavg().map((value) => value.toFixed(1)).join(" ")}`);
    console.log(`merges            ${MERGES} (${failed} not provisioned)`);
    console.log(`merge to secret   p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, max ${latencies.at(-1) ?? 0} ms`);
    console.log(`wall time         ${Math.round(wallMs)} ms for set-up, merges and provisioning of all ${MERGES}`);
    console.log(`peak RSS          ${Math.round(peakRss / 2 ** 20)} MiB (bench process: portal, simulators and ${sandbox.kind === "pglite" ? "PGlite" : "the PostgreSQL client"})`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await sandbox.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
