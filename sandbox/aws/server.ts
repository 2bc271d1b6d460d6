import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { logger } from "@/lib/log";

import { AwsError, frontEndError, internalServiceError, serializationError } from "./aws-error";
import { OPERATIONS } from "./operations";
import { isJsonObject, type JsonObject } from "./request-reader";
import { checkAuthorization } from "./request-auth";
import { SandboxControls } from "./sandbox-controls";
import { SecretStore } from "./secret-store";

// A local AWS Secrets Manager: `POST /` with the AWS JSON 1.1 protocol, as the AWS SDK
// sends it, plus plain-JSON sandbox controls under /_sandbox/.

export interface SecretsManagerSimulatorOptions {
  host?: string;
  // 0 picks a free port.
  port?: number;
  // JSON file that keeps secrets across restarts. Without it the store is in memory only.
  dataFile?: string;
  region?: string;
  accountId?: string;
  // Clock in epoch milliseconds, so tests can move past a recovery window.
  now?: () => number;
}

export interface SecretsManagerSimulator {
  url: string;
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
const TARGET_PREFIX = "secretsmanager.";
// The simulator's own cap. AWS's request size limit and its error are not modelled.
const MAX_BODY_BYTES = 1024 * 1024;

const log = logger.child({ component: "aws-simulator" });

class BodyTooLargeError extends Error {}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, contentType: string, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

function sendAwsError(response: http.ServerResponse, error: AwsError): void {
  sendJson(response, error.status, error.toBody(), JSON_CONTENT_TYPE, { "x-amzn-ErrorType": error.type });
}

function parseJsonBody(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw serializationError("The request body is not valid JSON.");
  }
  if (!isJsonObject(parsed)) throw serializationError("The request body must be a JSON object.");
  return parsed;
}

// The identifier AccessDeniedException names: the secret's ARN when it exists.
function faultResource(store: SecretStore, input: JsonObject): string {
  let id: string | undefined;
  if (typeof input.SecretId === "string") id = input.SecretId;
  else if (typeof input.Name === "string") id = input.Name;

  if (id === undefined) return "*";
  return store.find(id)?.arn ?? id;
}

export async function startSecretsManagerSimulator(options: SecretsManagerSimulatorOptions = {}): Promise<SecretsManagerSimulator> {
  const region = options.region ?? "eu-west-1";
  const accountId = options.accountId ?? "111111111111";
  const store = new SecretStore({ dataFile: options.dataFile, region, accountId, now: options.now ?? Date.now });
  store.load();

  const controls = new SandboxControls(store, { region, accountId });
  const pendingDelays = new Map<NodeJS.Timeout, () => void>();

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.set(timer, resolve);
    });
  }

  async function handleApi(request: http.IncomingMessage, url: URL, body: string): Promise<{ operation: string; result: JsonObject }> {
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
    if (request.method !== "POST" || url.pathname !== "/" || (contentType !== JSON_CONTENT_TYPE && contentType !== "application/json")) {
      throw frontEndError("UnknownOperationException", "Send POST / with Content-Type application/x-amz-json-1.1 and an X-Amz-Target header.", 404);
    }

    const input = parseJsonBody(body);
    const target = request.headers["x-amz-target"];
    const operation = typeof target === "string" && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const handler = OPERATIONS[operation];
    if (!handler) {
      throw frontEndError("UnknownOperationException", `The X-Amz-Target '${String(target ?? "")}' is not an operation this simulator implements (${Object.keys(OPERATIONS).join(", ")}).`);
    }

    const caller = checkAuthorization(request.headers, url, region);
    if (caller instanceof AwsError) throw caller;

    const latency = controls.latencyFor(operation);
    if (latency > 0) await delay(latency);

    const fault = controls.takeFault({ operation, callerArn: `arn:aws:iam::${accountId}:user/sandbox`, resource: faultResource(store, input) });
    if (fault) throw fault;

    return { operation, result: handler({ store }, input) };
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    const url = new URL(request.url ?? "/", "http://localhost");
    response.setHeader("x-amzn-RequestId", requestId);

    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(response, 413, { message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` }, "application/json");
      return;
    }

    if (url.pathname.startsWith("/_sandbox/")) {
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        sendJson(response, 400, { error: "The request body is not valid JSON." }, "application/json");
        return;
      }
      const reply = controls.handle(request.method ?? "GET", url.pathname, parsed);
      sendJson(response, reply.status, reply.body, "application/json");
      return;
    }

    let operation = "";
    try {
      const outcome = await handleApi(request, url, body);
      operation = outcome.operation;
      sendJson(response, 200, outcome.result, JSON_CONTENT_TYPE);
      log.debug({ requestId, operation, status: 200, durationMs: Date.now() - started }, "aws simulator request");
    } catch (error) {
      const awsError = error instanceof AwsError ? error : internalServiceError();
      if (!(error instanceof AwsError)) {
        // Only the message and stack are logged: a bug here must not print a request body.
        log.error({ requestId, err: { message: (error as Error).message, stack: (error as Error).stack } }, "aws simulator request failed");
      }
      sendAwsError(response, awsError);
      log.debug({ requestId, operation, status: awsError.status, errorType: awsError.type, durationMs: Date.now() - started }, "aws simulator request");
    }
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ err: { message: (error as Error).message } }, "aws simulator failed to send a response");
      if (!response.headersSent) sendAwsError(response, internalServiceError());
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, region, accountId, dataFile: options.dataFile ?? null }, "aws secrets manager simulator started");

  return {
    url,
    close: async () => {
      // Delayed requests finish at once, and closeAllConnections below closes their sockets.
      for (const [timer, resolve] of pendingDelays) {
        clearTimeout(timer);
        resolve();
      }
      pendingDelays.clear();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      log.info({ url }, "aws secrets manager simulator stopped");
    },
  };
}
