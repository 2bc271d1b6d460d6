import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { parsePortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";
import { createGitHubClient } from "@/lib/integrations/github/client";
import { createGitOpsRepository } from "@/lib/integrations/github/gitops-repository";
import { createSecretsVault } from "@/lib/integrations/aws/secrets-vault";
import type { Services } from "@/lib/services";
import { startSecretsManagerSimulator } from "@/sandbox/aws/server";
import { startGitHubSimulator } from "@/sandbox/github/server";
import { gitopsSeedFiles } from "@/sandbox/gitops-seed";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { receiveGitHubDelivery, type DeliveryResult } from "@/lib/webhooks/github/receive-delivery";

import { createTestDatabase } from "./database";

export const TEST_WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdef";
const TEST_TOKEN = "test-portal-token";

export interface TestSandbox {
  services: Services;
  githubUrl: string;
  awsUrl: string;
  repositoryPath: string;
  /** Outcomes of the deliveries the simulator sent to the portal's webhook receiver. */
  deliveries: Array<DeliveryResult & { event: string | null; deliveryId: string | null }>;
  close(): Promise<void>;
}

/**
 * An HTTP server that hands deliveries to the same function the portal's route calls,
 * so webhook tests cross a real socket without starting Next.js.
 */
async function startWebhookReceiver(
  services: () => Services | undefined,
  deliveries: TestSandbox["deliveries"],
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const current = services();
      if (!current) {
        response.writeHead(503).end();
        return;
      }
      const header = (name: string): string | null => {
        const value = request.headers[name];
        return typeof value === "string" ? value : null;
      };
      const delivery = {
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: header("x-hub-signature-256"),
        event: header("x-github-event"),
        deliveryId: header("x-github-delivery"),
      };
      receiveGitHubDelivery(current, TEST_WEBHOOK_SECRET, delivery)
        .then((result) => {
          deliveries.push({ ...result, event: delivery.event, deliveryId: delivery.deliveryId });
          response.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify({ message: result.message }));
        })
        .catch((error: unknown) => {
          deliveries.push({ status: 500, message: String(error), outcome: "invalid", event: delivery.event, deliveryId: delivery.deliveryId });
          response.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/github`, server };
}

/**
 * Builds services for code that needs only the database and the configuration. Any call
 * to GitHub or AWS rejects, so a test fails if the code under test reaches out.
 */
export function databaseOnlyServices(db: Services["db"], purpose: string): Services {
  const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error(`GitHub and AWS are not used by ${purpose}`)) });
  return {
    db,
    config: loadTestConfig(),
    github: unreachable as Services["github"],
    vault: unreachable as Services["vault"],
    portalUrl: "http://localhost:3000",
  };
}

export function loadTestConfig(): PortalConfig {
  const file = path.resolve("portal.config.yaml");
  return parsePortalConfig(readFileSync(file, "utf8"), file);
}

/**
 * Starts both simulators over HTTP on 127.0.0.1 and a fresh database, and wires the
 * production integrations to them, as the sandbox does.
 */
export async function startTestSandbox(): Promise<TestSandbox> {
  const config = loadTestConfig();
  let services: Services | undefined;
  const deliveries: TestSandbox["deliveries"] = [];
  const receiver = await startWebhookReceiver(() => services, deliveries);
  const dataDir = await mkdtemp(path.join(tmpdir(), "portal-test-"));
  const database = await createTestDatabase();

  const aws = await startSecretsManagerSimulator({
    port: 0,
    region: config.environments[0]?.awsRegion,
    accountId: config.environments[0]?.awsAccountId,
  });
  const github = await startGitHubSimulator({
    port: 0,
    dataDir: path.join(dataDir, "github"),
    webhook: { url: receiver.url, secret: TEST_WEBHOOK_SECRET },
    repositories: [
      { owner: config.gitops.owner, repo: config.gitops.repo, defaultBranch: config.gitops.baseBranch, seedFiles: gitopsSeedFiles(config) },
    ],
    users: config.sandbox.personas.map((persona) => ({ login: persona.login, name: persona.name })),
    tokens: [TEST_TOKEN],
  });

  // The throttling plugin spaces GitHub writes a second apart, which would make every
  // pull request here take seconds; the tests of rate limits build their own client.
  const octokit = createGitHubClient({ baseUrl: github.url, token: TEST_TOKEN, maxRateLimitRetries: 0, retryUnitMs: 10, throttling: false });
  services = {
    db: database.db,
    config,
    github: createGitOpsRepository(octokit, config.gitops),
    vault: createSecretsVault({
      endpoint: aws.url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 2,
    }),
    portalUrl: "http://localhost:3000",
  };

  return {
    services,
    githubUrl: github.url,
    awsUrl: aws.url,
    repositoryPath: path.join(dataDir, "github", config.gitops.owner, `${config.gitops.repo}.git`),
    deliveries,
    async close() {
      await Promise.allSettled([github.close(), aws.close(), new Promise((resolve) => receiver.server.close(resolve))]);
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
