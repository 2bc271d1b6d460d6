import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";

import { PORTAL_URL } from "./support/e2e-settings";
import { REPOSITORY_ROOT, startSandbox, type RunningSandbox } from "./support/sandbox-process";

// The authorization matrix over HTTP: every sandbox persona and a signed-out visitor against
// every page, server action and route, including calls with another application's request
// ids. Server actions are called the way React's client calls them (a POST with the
// Next-Action header), so a missing check in an action cannot hide behind the UI.

// Creating a request opens a pull request, which takes seconds on a loaded machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });
const ACTION_TIMEOUT_MS = 90_000;

const PORTAL_ORIGIN = new URL(PORTAL_URL).origin;
const INITIAL_FORM_STATE = { fieldErrors: {}, formError: null };

type Persona = "anonymous" | "developer" | "ledger-developer" | "custodian" | "platform" | "security";
const PERSONAS: Persona[] = ["anonymous", "developer", "ledger-developer", "custodian", "platform", "security"];

let sandbox: RunningSandbox;
const sessions = new Map<Persona, APIRequestContext>();
// Request ids: one for payments-api (by the developer) and one for ledger-worker (by the ledger developer).
const requestIds = { payments: "", ledger: "" };

function session(persona: Persona): APIRequestContext {
  const context = sessions.get(persona);
  if (!context) throw new Error(`No session for ${persona}`);
  return context;
}

async function newContext(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: PORTAL_URL, extraHTTPHeaders: { origin: PORTAL_ORIGIN } });
}

/** Signs in with next-auth's credentials endpoint, as the persona button does. */
async function signIn(persona: Persona): Promise<APIRequestContext> {
  const context = await newContext();
  if (persona === "anonymous") return context;

  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/sandbox", {
    form: { csrfToken, persona, callbackUrl: `${PORTAL_URL}/requests`, json: "true" },
    // Each persona signs in from its own address, so the sign-in rate limit test starts from zero.
    headers: { "x-forwarded-for": `198.51.100.${PERSONAS.indexOf(persona)}` },
  });
  expect(response.status(), `sign-in as ${persona}`).toBe(200);
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { login?: string } };
  expect(session.user?.login, `session of ${persona}`).toBeTruthy();
  return context;
}

interface ServerReferenceManifest {
  node: Record<string, { exportedName?: string; filename?: string; workers?: Record<string, unknown> }>;
}

/** Finds a server action's id in the build's server reference manifest by its exported name. */
function actionId(exportedName: string): string {
  const candidates = [".next/server/server-reference-manifest.json", ".next/dev/server/server-reference-manifest.json"]
    .map((file) => path.join(REPOSITORY_ROOT, file))
    .filter((file) => existsSync(file));
  for (const file of candidates) {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as ServerReferenceManifest;
    for (const [id, entry] of Object.entries(manifest.node)) {
      if (entry.exportedName === exportedName || JSON.stringify(entry.workers ?? {}).includes(`"exportedName":"${exportedName}"`)) return id;
    }
  }
  throw new Error(`Server action ${exportedName} is not in ${candidates.join(", ") || "any server reference manifest"}`);
}

/**
 * Calls a `(previousState, formData)` server action as React's client does. The body is a
 * multipart reply whose field "0" contains the arguments, and the FormData that "$K1" refers
 * to sends its entries under the "_1_" prefix.
 */
async function callAction(
  context: APIRequestContext,
  pagePath: string,
  exportedName: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const entry of Array.isArray(value) ? value : [value]) body.append(`_1_${name}`, entry);
  }
  // The server parses the stream in order, so the root field comes last, as React sends it.
  body.append("0", JSON.stringify([INITIAL_FORM_STATE, "$K1"]));
  return context.post(pagePath, {
    multipart: body,
    headers: { "next-action": actionId(exportedName), accept: "text/x-component", ...headers },
    maxRedirects: 0,
    timeout: ACTION_TIMEOUT_MS,
  });
}

function requestFields(application: string, secretName: string): Record<string, string | string[]> {
  return {
    environment: "dev",
    application,
    secretName,
    description: "Authorization matrix test secret",
    justification: "Checks who may request secrets for this application",
    secretType: "Opaque",
    valueSource: "generated",
    keys: ["password"],
    refreshInterval: "1h",
  };
}

/** Creates a request through the server action and returns its id from the redirect. */
async function createRequest(persona: Persona, application: string, secretName: string): Promise<string> {
  const response = await callAction(session(persona), "/requests/new", "createRequestAction", requestFields(application, secretName));
  const target = response.headers()["x-action-redirect"] ?? response.headers().location ?? "";
  const match = /\/requests\/([0-9a-f-]{36})/.exec(target);
  if (!match?.[1]) throw new Error(`Creating ${secretName} as ${persona} did not redirect (${response.status()}): ${(await response.text()).slice(0, 500)}`);
  return match[1];
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  sandbox = await startSandbox("authorization");
  for (const persona of PERSONAS) sessions.set(persona, await signIn(persona));
  requestIds.payments = await createRequest("developer", "payments-api", "matrix-payments-key");
  requestIds.ledger = await createRequest("ledger-developer", "ledger-worker", "matrix-ledger-key");
});

test.afterAll(async () => {
  for (const context of sessions.values()) await context.dispose();
  await sandbox?.dispose();
});

type PageOutcome = "ok" | "sign-in" | "not-allowed" | "not-found";

async function pageOutcome(persona: Persona, pagePath: string): Promise<PageOutcome> {
  const response = await session(persona).get(pagePath, { maxRedirects: 0 });
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = response.headers().location ?? "";
    if (location.includes("/signin")) return "sign-in";
    throw new Error(`${pagePath} redirected ${persona} to ${location}`);
  }
  if (status === 404) return "not-found";
  expect(status, `${persona} GET ${pagePath}`).toBe(200);
  return (await response.text()).includes("Not allowed (403)") ? "not-allowed" : "ok";
}

// persona → outcome for each page; "payments" and "ledger" are the two request pages.
const PAGE_MATRIX: Array<[string, Record<Persona, PageOutcome>]> = [
  ["/requests", { anonymous: "sign-in", developer: "ok", "ledger-developer": "ok", custodian: "ok", platform: "ok", security: "ok" }],
  ["/requests/new", { anonymous: "sign-in", developer: "ok", "ledger-developer": "ok", custodian: "ok", platform: "ok", security: "ok" }],
  [
    "/all-requests",
    { anonymous: "sign-in", developer: "not-allowed", "ledger-developer": "not-allowed", custodian: "not-allowed", platform: "ok", security: "ok" },
  ],
  [
    "/audit",
    { anonymous: "sign-in", developer: "not-allowed", "ledger-developer": "not-allowed", custodian: "not-allowed", platform: "ok", security: "ok" },
  ],
  [
    "payments",
    { anonymous: "sign-in", developer: "ok", "ledger-developer": "not-found", custodian: "not-found", platform: "ok", security: "ok" },
  ],
  ["ledger", { anonymous: "sign-in", developer: "not-found", "ledger-developer": "ok", custodian: "ok", platform: "ok", security: "ok" }],
];

function resolvePath(page: string): string {
  if (page === "payments") return `/requests/${requestIds.payments}`;
  if (page === "ledger") return `/requests/${requestIds.ledger}`;
  return page;
}

test.describe("pages", () => {
  for (const [page, outcomes] of PAGE_MATRIX) {
    for (const persona of PERSONAS) {
      test(`${persona} opens ${page}`, async () => {
        expect(await pageOutcome(persona, resolvePath(page))).toBe(outcomes[persona]);
      });
    }
  }

  test("sam sees both requests listed", async () => {
    const html = await (await session("security").get("/all-requests")).text();
    expect(html).toContain("matrix-ledger-key");
  });

  test("developer's list omits ledger", async () => {
    const html = await (await session("developer").get("/requests")).text();
    expect(html).not.toContain("matrix-ledger-key");
  });
});

const SIGN_IN_MESSAGE = "Sign in to continue.";

// persona → the message (or "created") that a create-request call for each application yields.
const CREATE_MATRIX: Array<[string, Record<Persona, string>]> = [
  [
    "payments-api",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: "created",
      "ledger-developer": 'You cannot request secrets for \\"payments-api\\"',
      custodian: 'You cannot request secrets for \\"payments-api\\"',
      platform: 'You cannot request secrets for \\"payments-api\\"',
      security: 'You cannot request secrets for \\"payments-api\\"',
    },
  ],
  [
    "ledger-worker",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: 'You cannot request secrets for \\"ledger-worker\\"',
      "ledger-developer": "created",
      custodian: 'You cannot request secrets for \\"ledger-worker\\"',
      platform: 'You cannot request secrets for \\"ledger-worker\\"',
      security: 'You cannot request secrets for \\"ledger-worker\\"',
    },
  ],
];

test.describe("create request action", () => {
  for (const [application, outcomes] of CREATE_MATRIX) {
    for (const persona of PERSONAS) {
      test(`${persona} creates for ${application}`, async () => {
        // A name ending in a hyphen and six characters ("-worker") is invalid, hence the suffix.
        const secretName = `matrix-${persona}-${application}-key`;
        const response = await callAction(session(persona), "/requests/new", "createRequestAction", requestFields(application, secretName));
        const redirect = response.headers()["x-action-redirect"] ?? "";
        if (outcomes[persona] === "created") {
          expect(redirect).toMatch(/^\/requests\/[0-9a-f-]{36}/);
        } else {
          expect(redirect).toBe("");
          expect(await response.text()).toContain(outcomes[persona]);
        }
      });
    }
  }
});

// Retrying an open request that the actor may retry reaches the status check (409 text);
// one they may not retry is refused before it.
const CONFLICT_MESSAGE = "Only a failed request can be retried";
const RETRY_MATRIX: Array<[string, Record<Persona, string>]> = [
  [
    "payments",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: CONFLICT_MESSAGE,
      "ledger-developer": "Request not found.",
      custodian: "Request not found.",
      platform: CONFLICT_MESSAGE,
      security: "Only the requester and the platform team can retry this request.",
    },
  ],
  [
    "ledger",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: "Request not found.",
      "ledger-developer": CONFLICT_MESSAGE,
      custodian: "Only the requester and the platform team can retry this request.",
      platform: CONFLICT_MESSAGE,
      security: "Only the requester and the platform team can retry this request.",
    },
  ],
];

test.describe("retry request action", () => {
  for (const [request, outcomes] of RETRY_MATRIX) {
    for (const persona of PERSONAS) {
      test(`${persona} retries ${request}`, async () => {
        const id = request === "payments" ? requestIds.payments : requestIds.ledger;
        // The action is registered for the request page, so it is posted there even by personas
        // that get a 404 for the page itself: the action runs before the page renders.
        const response = await callAction(session(persona), `/requests/${id}`, "retryRequestAction", { requestId: id });
        expect(await response.text()).toContain(outcomes[persona]);
      });
    }
  }
});

const NOT_FOUND = "Request not found.";

function valueForbidden(application: string): string {
  return `Only custodians of \\"${application}\\" and the platform team can supply its secret values.`;
}

function rotateForbidden(application: string): string {
  return `Only the team that owns \\"${application}\\", its custodians and the platform team can rotate its secrets.`;
}

// Both requests are generated and still open, so an allowed rotate or set-value reaches the
// status check (a 409 message) and changes nothing. Owners may rotate their own secrets.
const ROTATE_CONFLICT = "Only a provisioned secret can be rotated";
const VALUE_CONFLICT = "generated by policy, so nobody types it in";

const CUSTODIAN_MATRIX: Array<[string, string, Record<Persona, string>]> = [
  [
    "rotateSecretAction",
    "payments",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: ROTATE_CONFLICT,
      "ledger-developer": NOT_FOUND,
      custodian: NOT_FOUND,
      platform: ROTATE_CONFLICT,
      security: rotateForbidden("payments-api"),
    },
  ],
  [
    "rotateSecretAction",
    "ledger",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: NOT_FOUND,
      "ledger-developer": ROTATE_CONFLICT,
      custodian: ROTATE_CONFLICT,
      platform: ROTATE_CONFLICT,
      security: rotateForbidden("ledger-worker"),
    },
  ],
  [
    "setCustodianValueAction",
    "payments",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: valueForbidden("payments-api"),
      "ledger-developer": NOT_FOUND,
      custodian: NOT_FOUND,
      platform: VALUE_CONFLICT,
      security: valueForbidden("payments-api"),
    },
  ],
  [
    "setCustodianValueAction",
    "ledger",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: NOT_FOUND,
      "ledger-developer": valueForbidden("ledger-worker"),
      custodian: VALUE_CONFLICT,
      platform: VALUE_CONFLICT,
      security: valueForbidden("ledger-worker"),
    },
  ],
];

test.describe("custodian actions", () => {
  for (const [action, request, outcomes] of CUSTODIAN_MATRIX) {
    for (const persona of PERSONAS) {
      test(`${persona} ${action} on ${request}`, async () => {
        const id = request === "payments" ? requestIds.payments : requestIds.ledger;
        const response = await callAction(session(persona), `/requests/${id}`, action, { requestId: id, "value:password": "matrix-canary-value" });
        expect(await response.text()).toContain(outcomes[persona]);
      });
    }
  }
});

// Runs last among the actions: the requester's cancel closes the pull request.
const CANCEL_ONLY_REQUESTER = "Only the person who made this request can cancel it.";
const CANCELLED = '"formError":null';
const CANCEL_MATRIX: Array<[string, Record<Persona, string>]> = [
  [
    "payments",
    {
      anonymous: SIGN_IN_MESSAGE,
      "ledger-developer": NOT_FOUND,
      custodian: NOT_FOUND,
      platform: CANCEL_ONLY_REQUESTER,
      security: CANCEL_ONLY_REQUESTER,
      developer: CANCELLED,
    },
  ],
  [
    "ledger",
    {
      anonymous: SIGN_IN_MESSAGE,
      developer: NOT_FOUND,
      custodian: CANCEL_ONLY_REQUESTER,
      platform: CANCEL_ONLY_REQUESTER,
      security: CANCEL_ONLY_REQUESTER,
      "ledger-developer": CANCELLED,
    },
  ],
];

test.describe("cancel request action", () => {
  for (const [request, outcomes] of CANCEL_MATRIX) {
    // The requester goes last, so the others try an open request.
    for (const persona of Object.keys(outcomes) as Persona[]) {
      test(`${persona} cancels ${request}`, async () => {
        const id = request === "payments" ? requestIds.payments : requestIds.ledger;
        const response = await callAction(session(persona), `/requests/${id}`, "cancelRequestAction", { requestId: id });
        expect(await response.text()).toContain(outcomes[persona]);
      });
    }
  }

  test("cancelled request shows its status", async () => {
    const html = await (await session("security").get(`/requests/${requestIds.payments}`)).text();
    expect(html).toMatch(/[Cc]ancelled/);
  });
});

test.describe("routes", () => {
  for (const persona of PERSONAS) {
    test(`${persona} reads health`, async () => {
      expect((await session(persona).get("/api/health")).status()).toBe(200);
    });

    test(`${persona} posts an unsigned webhook`, async () => {
      const response = await session(persona).post("/api/webhooks/github", {
        data: { action: "closed" },
        headers: { "x-github-event": "pull_request", "x-github-delivery": `matrix-${persona}` },
      });
      expect(response.status()).toBe(401);
    });
  }

  const EXPORT_STATUS: Record<Persona, number> = {
    anonymous: 401,
    developer: 403,
    "ledger-developer": 403,
    custodian: 403,
    platform: 200,
    security: 200,
  };
  for (const persona of PERSONAS) {
    test(`${persona} exports the audit trail`, async () => {
      const response = await session(persona).get("/api/audit/export?format=csv");
      expect(response.status()).toBe(EXPORT_STATUS[persona]);
      if (EXPORT_STATUS[persona] === 200) expect(await response.text()).toContain("matrix-payments-key");
    });
  }

  test("session route hides other users", async () => {
    const body = (await (await session("anonymous").get("/api/auth/session")).json()) as Record<string, unknown>;
    expect(body).toEqual({});
  });
});

test.describe("hardening", () => {
  for (const page of ["/signin", "/requests", "/requests/new", "/all-requests", "payments"]) {
    test(`headers on ${page}`, async () => {
      const response = await session("platform").get(resolvePath(page), { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-content-type-options"]).toBe("nosniff");
    });
  }

  test("nonce matches the scripts", async () => {
    const response = await session("platform").get("/requests");
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    expect(await response.text()).toContain(`nonce="${nonce}"`);
  });

  test("cross-site action is refused", async () => {
    const response = await callAction(session("developer"), "/requests/new", "createRequestAction", requestFields("payments-api", "matrix-csrf"), {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(response.status()).toBe(403);
  });

  test("cross-site sign-out is refused", async () => {
    const response = await session("developer").post("/api/auth/signout", { headers: { origin: "https://evil.example" }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
  });

  test("sign-in limit returns 429", async () => {
    const context = await newContext();
    try {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      let body = "";
      for (let attempt = 0; attempt < 11; attempt += 1) {
        const response = await context.post("/api/auth/callback/sandbox", {
          form: { csrfToken: "invalid", persona: "developer", json: "true" },
          headers: { "x-forwarded-for": "203.0.113.99" },
          maxRedirects: 0,
        });
        statuses.push(response.status());
        retryAfter = response.headers()["retry-after"];
        body = await response.text();
      }
      expect(statuses.slice(0, 10)).not.toContain(429);
      expect(statuses[10]).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(body).toContain("Too many sign-in attempts");
    } finally {
      await context.dispose();
    }
  });

  test("request creation limit", async () => {
    // Each attempt counts, refused or not, so the custodian's refused attempts reach the limit.
    let text = "";
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await callAction(session("custodian"), "/requests/new", "createRequestAction", requestFields("ledger-worker", `matrix-limit-${attempt}`));
      text = await response.text();
    }
    expect(text).toContain("Too many new requests: the limit is 10 per 60 seconds.");
  });
});
