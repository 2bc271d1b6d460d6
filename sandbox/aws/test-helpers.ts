import { SecretsManagerClient, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";

import { startSecretsManagerSimulator, type SecretsManagerSimulator, type SecretsManagerSimulatorOptions } from "./server";

// Shared set-up for the simulator's tests: a simulator on a free loopback port and a real
// SDK client pointed at it.

export const REGION = "eu-west-1";
export const ACCOUNT_ID = "111111111111";

export function clientFor(url: string, options: { maxAttempts?: number } = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: "AKIASANDBOXTEST", secretAccessKey: "sandbox-secret-key" },
    ...options,
  });
}

export async function startTestSimulator(options: SecretsManagerSimulatorOptions = {}): Promise<SecretsManagerSimulator> {
  return startSecretsManagerSimulator({ port: 0, region: REGION, accountId: ACCOUNT_ID, ...options });
}

// Awaits a call that must fail and returns the SDK's exception.
export async function failureOf(call: Promise<unknown>): Promise<SecretsManagerServiceException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SecretsManagerServiceException) return error;
    throw error;
  }
  throw new Error("Expected the call to fail, but it succeeded.");
}

export async function controlRequest(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
