import pino, { type Logger } from "pino";

// One structured logger for the portal, the jobs and the sandbox. Fields that could carry
// a secret are redacted as a second line of defence; code must still never pass a value.
const REDACTED_PATHS = [
  "value",
  "secretValue",
  "SecretString",
  "SecretBinary",
  "*.value",
  "*.secretValue",
  "*.SecretString",
  "*.SecretBinary",
  "password",
  "*.password",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
];

function createLogger(): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
    base: { service: "secrets-portal" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

const holder = globalThis as { __portalLogger?: Logger };

export const logger: Logger = holder.__portalLogger ?? (holder.__portalLogger = createLogger());
