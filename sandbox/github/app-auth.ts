import { createPublicKey, verify, type KeyObject } from "node:crypto";

import { ApiError } from "./api-error";

// Verifies the JWTs a GitHub App signs with its private key (RS256, `iss` = App id, at most
// ten minutes between `iat` and `exp`), as GitHub checks them.

export interface SimulatedApp {
  appId: number;
  slug: string;
  // The App's public key in PEM form. The portal keeps the private key.
  publicKey: string;
}

const MAX_LIFETIME_SECONDS = 600;
// GitHub tolerates some clock drift; @octokit/auth-app backdates iat by 30 seconds.
const CLOCK_SKEW_SECONDS = 60;

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (value && typeof value === "object") return value as Record<string, unknown>;
  } catch {
    // Reported below as an undecodable token.
  }
  throw new ApiError(401, "A JSON web token could not be decoded");
}

export function verifyAppJwt(token: string, app: SimulatedApp, key: KeyObject = createPublicKey(app.publicKey)): void {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const headerJson = decodePart(header);
  const claims = decodePart(payload);
  if (headerJson.alg !== "RS256") throw new ApiError(401, "A JSON web token could not be decoded");

  const valid = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"));
  if (!valid) throw new ApiError(401, "A JSON web token could not be decoded");

  if (String(claims.iss) !== String(app.appId)) {
    throw new ApiError(401, `'Issuer' claim ('iss') must be an Integer`);
  }
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = Number(claims.iat);
  const expiresAt = Number(claims.exp);
  if (!Number.isFinite(issuedAt) || issuedAt > now + CLOCK_SKEW_SECONDS) {
    throw new ApiError(401, "'Issued at' claim ('iat') must be an Integer representing a time in the past");
  }
  if (!Number.isFinite(expiresAt) || expiresAt <= now || expiresAt - issuedAt > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    throw new ApiError(401, "'Expiration time' claim ('exp') is too far in the future");
  }
}
