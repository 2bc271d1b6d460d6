import { createHmac, randomUUID } from "node:crypto";

import type { Logger } from "pino";

import { readJsonFile, SerialQueue, writeJsonAtomically } from "./json-file";
import type { WebhookEvent } from "./simulator-context";
import { githubTimestamp } from "./timestamps";

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface DeliveryRecord {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  redelivery: boolean;
  deliveredAt: string;
  status: "pending" | "delivered" | "failed" | "skipped";
  statusCode: number | null;
  durationMs: number | null;
  attempts: number;
  error: string | null;
  repositoryId: number | null;
  // The exact bytes that were signed and sent, so a redelivery is byte-for-byte identical.
  body: string;
}

const MAX_RECORDS = 500;
// Waits before the second, third and fourth attempt after a connection error.
const RETRY_DELAYS_MS = [250, 1000, 2500];
// GitHub gives a receiver 10 seconds to respond.
const DELIVERY_TIMEOUT_MS = 10_000;

export function signBody(secret: string, body: string, algorithm: "sha256" | "sha1"): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest("hex")}`;
}

// fetch wraps connection errors such as ECONNREFUSED in a generic "fetch failed" TypeError.
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.cause instanceof Error) return error.cause.message;
  return error.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class WebhookDeliveries {
  enabled = true;
  private readonly sendQueue = new SerialQueue();
  private readonly saveQueue = new SerialQueue();
  private closing = false;

  private constructor(
    private readonly options: {
      target: WebhookTarget | undefined;
      hookId: number;
      installationId: number;
      filePath: string;
      log: Logger;
    },
    private records: DeliveryRecord[],
  ) {}

  static async load(options: {
    target: WebhookTarget | undefined;
    hookId: number;
    installationId: number;
    filePath: string;
    log: Logger;
  }): Promise<WebhookDeliveries> {
    const stored = (await readJsonFile(options.filePath)) as { deliveries?: DeliveryRecord[] } | undefined;
    // A delivery still pending when the simulator stopped never finishes, so it is marked failed.
    const records = (stored?.deliveries ?? []).map((record) =>
      record.status === "pending" ? { ...record, status: "failed" as const, error: "simulator stopped" } : record,
    );
    return new WebhookDeliveries(options, records);
  }

  list(): DeliveryRecord[] {
    return [...this.records].reverse();
  }

  find(idOrGuid: string): DeliveryRecord | undefined {
    const byId = this.records.find((record) => String(record.id) === idOrGuid);
    if (byId) return byId;
    // A guid names the original delivery and its redeliveries; the newest one wins.
    return [...this.records].reverse().find((record) => record.guid === idOrGuid);
  }

  enqueue(event: WebhookEvent): DeliveryRecord {
    const action = typeof event.payload.action === "string" ? event.payload.action : null;
    const repository = event.payload.repository as { id?: number } | undefined;
    return this.schedule({
      guid: randomUUID(),
      event: event.name,
      action,
      redelivery: false,
      repositoryId: repository?.id ?? null,
      body: JSON.stringify(event.payload),
    });
  }

  // Sends a recorded delivery again with the same guid, like GitHub's "Redeliver" button.
  redeliver(idOrGuid: string): DeliveryRecord | undefined {
    const original = this.find(idOrGuid);
    if (!original) return undefined;
    return this.schedule({
      guid: original.guid,
      event: original.event,
      action: original.action,
      redelivery: true,
      repositoryId: original.repositoryId,
      body: original.body,
      force: true,
    });
  }

  headersFor(record: DeliveryRecord): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/sandbox",
      "x-github-event": record.event,
      "x-github-delivery": record.guid,
      "x-github-hook-id": String(this.options.hookId),
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.options.installationId),
    };
    const secret = this.options.target?.secret;
    if (secret) {
      headers["x-hub-signature"] = signBody(secret, record.body, "sha1");
      headers["x-hub-signature-256"] = signBody(secret, record.body, "sha256");
    }
    return headers;
  }

  idle(): Promise<void> {
    return this.sendQueue.idle().then(() => this.saveQueue.idle());
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.idle();
  }

  private schedule(input: {
    guid: string;
    event: string;
    action: string | null;
    redelivery: boolean;
    repositoryId: number | null;
    body: string;
    force?: boolean;
  }): DeliveryRecord {
    const last = this.records[this.records.length - 1];
    const record: DeliveryRecord = {
      id: (last?.id ?? 0) + 1,
      guid: input.guid,
      event: input.event,
      action: input.action,
      redelivery: input.redelivery,
      deliveredAt: githubTimestamp(),
      status: "pending",
      statusCode: null,
      durationMs: null,
      attempts: 0,
      error: null,
      repositoryId: input.repositoryId,
      body: input.body,
    };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS);

    // Disabled hooks still record what would have been sent, so tests can redeliver it later.
    if (!this.options.target || (!this.enabled && !input.force)) {
      record.status = "skipped";
      record.error = this.options.target ? "webhook delivery is disabled" : "no webhook URL is configured";
      this.persist();
      return record;
    }

    const target = this.options.target;
    this.persist();
    void this.sendQueue.run(() => this.send(target, record));
    return record;
  }

  private async send(target: WebhookTarget, record: DeliveryRecord): Promise<void> {
    const started = Date.now();
    const log = this.options.log.child({ deliveryId: record.guid, event: record.event, action: record.action });

    for (let attempt = 0; ; attempt += 1) {
      record.attempts = attempt + 1;
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: this.headersFor(record),
          body: record.body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        record.statusCode = response.status;
        record.status = response.ok ? "delivered" : "failed";
        record.error = response.ok ? null : `receiver answered HTTP ${response.status}`;
        log.info({ statusCode: response.status, attempts: record.attempts }, "github-simulator: webhook delivered");
        break;
      } catch (error) {
        const message = describeFetchError(error);
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        const delay = RETRY_DELAYS_MS[attempt];
        record.error = timedOut ? `receiver did not answer within ${DELIVERY_TIMEOUT_MS} ms` : message;
        if (timedOut || delay === undefined || this.closing) {
          record.status = "failed";
          log.warn({ err: error, attempts: record.attempts }, "github-simulator: webhook delivery failed");
          break;
        }
        log.warn({ error: message, attempt: record.attempts, retryInMs: delay }, "github-simulator: webhook delivery retry");
        await sleep(delay);
      }
    }

    record.durationMs = Date.now() - started;
    this.persist();
  }

  private persist(): void {
    const snapshot = { deliveries: this.records.map((record) => ({ ...record })) };
    void this.saveQueue
      .run(() => writeJsonAtomically(this.options.filePath, snapshot))
      .catch((error: unknown) => {
        this.options.log.error({ err: error }, "github-simulator: saving webhook deliveries failed");
      });
  }
}

// The listing shape of the control endpoint, modelled on GitHub's hook delivery objects.
export function deliverySummaryJson(record: DeliveryRecord): Record<string, unknown> {
  return {
    id: record.id,
    guid: record.guid,
    delivered_at: record.deliveredAt,
    redelivery: record.redelivery,
    duration: record.durationMs === null ? null : record.durationMs / 1000,
    status: record.status,
    status_code: record.statusCode,
    event: record.event,
    action: record.action,
    attempts: record.attempts,
    error: record.error,
    repository_id: record.repositoryId,
  };
}
