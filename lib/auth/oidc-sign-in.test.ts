import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Issuer } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readOidcMembership } from "./oidc-groups";
import { userFromOidcClaims } from "./providers";

// A local OpenID provider on 127.0.0.1: discovery document, JWKS and a token endpoint that
// returns an ID token signed with a key made for this test. openid-client, the library
// next-auth 4 uses, then verifies the token exactly as it does at sign-in.

const CLIENT_ID = "secrets-portal";
const CLIENT_SECRET = "test-client-secret";
const REDIRECT_URI = "http://127.0.0.1/api/auth/callback/oidc";
const KEY_ID = "test-key";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
let server: Server;
let issuerUrl: string;
// Claims the token endpoint puts into the next ID token.
let nextClaims: Record<string, unknown> = {};
let signingKey: KeyObject = privateKey;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function idToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "RS256", kid: KEY_ID, typ: "JWT" });
  const payload = base64url({ iss: issuerUrl, aud: CLIENT_ID, iat: now, exp: now + 300, ...claims });
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), signingKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const send = (body: unknown): void => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/.well-known/openid-configuration") {
      send({
        issuer: issuerUrl,
        authorization_endpoint: `${issuerUrl}/authorize`,
        token_endpoint: `${issuerUrl}/token`,
        jwks_uri: `${issuerUrl}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    } else if (request.url === "/jwks") {
      send({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: KEY_ID, alg: "RS256", use: "sig" }] });
    } else if (request.url === "/token" && request.method === "POST") {
      request.resume();
      request.on("end", () => send({ access_token: randomBytes(16).toString("hex"), token_type: "Bearer", id_token: idToken(nextClaims) }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs the code exchange and returns the verified ID token claims. */
async function signInWith(claims: Record<string, unknown>): Promise<Record<string, unknown>> {
  nextClaims = claims;
  const issuer = await Issuer.discover(issuerUrl);
  const client = new issuer.Client({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], response_types: ["code"] });
  const verifier = randomBytes(32).toString("base64url");
  const tokens = await client.callback(REDIRECT_URI, { code: "code-1", state: "state-1" }, {
    state: "state-1",
    code_verifier: verifier,
  });
  return tokens.claims() as Record<string, unknown>;
}

describe("OIDC sign-in", () => {
  it("maps the groups claim to teams", async () => {
    const claims = await signInWith({ sub: "u-1", preferred_username: "dana", groups: ["payments", "/platform"] });
    expect(userFromOidcClaims(claims, "groups").teams).toEqual(["payments", "platform"]);
  });

  it("uses preferred_username as login", async () => {
    const claims = await signInWith({ sub: "u-1", preferred_username: "dana", groups: [] });
    expect(userFromOidcClaims(claims, "groups").login).toBe("dana");
  });

  it("reads a custom groups claim", async () => {
    const claims = await signInWith({ sub: "u-2", email: "sam@example.com", roles: ["security"] });
    expect(userFromOidcClaims(claims, "roles").teams).toEqual(["security"]);
  });

  it("reports a missing groups claim", async () => {
    const claims = await signInWith({ sub: "u-3", preferred_username: "olaf" });
    expect(userFromOidcClaims(claims, "groups").membershipProblem).toBe("OidcGroupsClaimMissing");
  });

  it("accepts an empty group list", async () => {
    const claims = await signInWith({ sub: "u-4", preferred_username: "nina", groups: [] });
    expect(userFromOidcClaims(claims, "groups").membershipProblem).toBeUndefined();
  });

  it("rejects a token from another key", async () => {
    signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    try {
      await expect(signInWith({ sub: "u-5", groups: ["platform"] })).rejects.toThrow();
    } finally {
      signingKey = privateKey;
    }
  });
});

describe("readOidcMembership", () => {
  it("accepts a single group string", () => {
    expect(readOidcMembership({ sub: "u", groups: "platform" }, "groups")).toMatchObject({ groups: ["platform"] });
  });

  it("keeps nested group paths whole", () => {
    expect(readOidcMembership({ sub: "u", groups: ["/contractors/platform"] }, "groups")).toMatchObject({ groups: ["contractors/platform"] });
  });

  it("falls back to email as login", () => {
    expect(readOidcMembership({ sub: "u", email: "a@example.com", groups: [] }, "groups").identity.login).toBe("a@example.com");
  });

  it("ignores non-string groups", () => {
    expect(readOidcMembership({ sub: "u", groups: ["a", 3, null] }, "groups")).toMatchObject({ groups: ["a"] });
  });
});

