import { describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import type { PortalConfig } from "@/lib/config/schema";

import { decideCreateRequest, decidePortalAction, decideRequestAction, type PortalAction, type RequestAction } from "./authz";

const config = {
  teams: { platform: "platform", security: "security" },
  applications: [
    { name: "payments-api", owningTeam: "payments", namespaces: {} },
    { name: "ledger-worker", owningTeam: "ledger", custodianTeam: "finance-custodians", namespaces: {} },
  ],
} as unknown as PortalConfig;

function actor(userId: string, teams: string[]): Actor {
  return resolveActor({ userId, login: userId, name: userId, teams }, config);
}

const actors: Record<string, Actor | null> = {
  anonymous: null,
  requester: actor("dana", ["payments"]),
  teammate: actor("tom", ["payments"]),
  outsider: actor("olga", ["ledger"]),
  custodian: actor("cleo", ["finance-custodians"]),
  platform: actor("pat", ["platform"]),
  security: actor("sam", ["security"]),
};

// Dana's request for payments-api. "ledger" rows use Olga's request for ledger-worker.
const paymentsRequest = { application: "payments-api", requesterId: "dana" };
const ledgerRequest = { application: "ledger-worker", requesterId: "olga" };

type Outcome = "allowed" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";

const requestMatrix: Array<[string, RequestAction, Outcome, Outcome]> = [
  // actor, action, on payments request, on ledger request
  ["anonymous", "view", "UNAUTHENTICATED", "UNAUTHENTICATED"],
  ["anonymous", "cancel", "UNAUTHENTICATED", "UNAUTHENTICATED"],
  ["requester", "view", "allowed", "NOT_FOUND"],
  ["requester", "retry", "allowed", "NOT_FOUND"],
  ["requester", "retry-provisioning", "FORBIDDEN", "NOT_FOUND"],
  ["requester", "cancel", "allowed", "NOT_FOUND"],
  ["requester", "set-value", "FORBIDDEN", "NOT_FOUND"],
  ["requester", "rotate", "allowed", "NOT_FOUND"],
  ["teammate", "view", "allowed", "NOT_FOUND"],
  ["teammate", "retry", "FORBIDDEN", "NOT_FOUND"],
  ["teammate", "cancel", "FORBIDDEN", "NOT_FOUND"],
  ["teammate", "rotate", "allowed", "NOT_FOUND"],
  ["teammate", "set-value", "FORBIDDEN", "NOT_FOUND"],
  ["outsider", "view", "NOT_FOUND", "allowed"],
  ["outsider", "cancel", "NOT_FOUND", "allowed"],
  ["outsider", "set-value", "NOT_FOUND", "FORBIDDEN"],
  ["custodian", "view", "NOT_FOUND", "allowed"],
  ["custodian", "set-value", "NOT_FOUND", "allowed"],
  ["custodian", "rotate", "NOT_FOUND", "allowed"],
  ["custodian", "cancel", "NOT_FOUND", "FORBIDDEN"],
  ["custodian", "retry", "NOT_FOUND", "FORBIDDEN"],
  ["platform", "view", "allowed", "allowed"],
  ["platform", "retry", "allowed", "allowed"],
  ["platform", "retry-provisioning", "allowed", "allowed"],
  ["platform", "set-value", "allowed", "allowed"],
  ["platform", "rotate", "allowed", "allowed"],
  ["platform", "cancel", "FORBIDDEN", "FORBIDDEN"],
  ["security", "view", "allowed", "allowed"],
  ["security", "retry", "FORBIDDEN", "FORBIDDEN"],
  ["security", "retry-provisioning", "FORBIDDEN", "FORBIDDEN"],
  ["security", "cancel", "FORBIDDEN", "FORBIDDEN"],
  ["security", "set-value", "FORBIDDEN", "FORBIDDEN"],
  ["security", "rotate", "FORBIDDEN", "FORBIDDEN"],
];

function outcome(decision: { allowed: boolean; code?: string }): Outcome {
  return decision.allowed ? "allowed" : (decision.code as Outcome);
}

describe("decideRequestAction", () => {
  it.each(requestMatrix)("%s %s on payments", (name, action, expected) => {
    expect(outcome(decideRequestAction(actors[name] ?? null, action, paymentsRequest))).toBe(expected);
  });

  it.each(requestMatrix)("%s %s on ledger", (name, action, _payments, expected) => {
    expect(outcome(decideRequestAction(actors[name] ?? null, action, ledgerRequest))).toBe(expected);
  });

  it("hides a missing request", () => {
    expect(outcome(decideRequestAction(actors.platform ?? null, "view", null))).toBe("NOT_FOUND");
  });
});

describe("decideCreateRequest", () => {
  it.each([
    ["anonymous", "payments-api", "UNAUTHENTICATED"],
    ["requester", "payments-api", "allowed"],
    ["requester", "ledger-worker", "FORBIDDEN"],
    ["custodian", "ledger-worker", "FORBIDDEN"],
    ["platform", "payments-api", "FORBIDDEN"],
    ["security", "payments-api", "FORBIDDEN"],
  ])("%s for %s", (name, application, expected) => {
    expect(outcome(decideCreateRequest(actors[name] ?? null, application))).toBe(expected);
  });
});

describe("decidePortalAction", () => {
  const portalMatrix: Array<[string, PortalAction, Outcome]> = [
    ["anonymous", "list-own", "UNAUTHENTICATED"],
    ["anonymous", "list-all", "UNAUTHENTICATED"],
    ["requester", "list-own", "allowed"],
    ["requester", "list-all", "FORBIDDEN"],
    ["requester", "export", "FORBIDDEN"],
    ["requester", "read-audit", "FORBIDDEN"],
    ["custodian", "list-all", "FORBIDDEN"],
    ["platform", "list-all", "allowed"],
    ["platform", "export", "allowed"],
    ["platform", "read-audit", "allowed"],
    ["security", "list-all", "allowed"],
    ["security", "export", "allowed"],
    ["security", "read-audit", "allowed"],
  ];

  it.each(portalMatrix)("%s %s", (name, action, expected) => {
    expect(outcome(decidePortalAction(actors[name] ?? null, action))).toBe(expected);
  });
});
