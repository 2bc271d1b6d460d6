import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import type { Database } from "@/lib/db";
import { logger } from "@/lib/log";

// GitHub's REST API best practices recommend waiting at least one second between POST,
// PATCH, PUT and DELETE requests (https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api).
// The throttling plugin spaces the calls of one process only. This gate spaces them across
// every portal process on one PostgreSQL database: a process takes a transaction-scoped
// advisory lock for the installation and keeps it for the spacing while its call goes
// ahead. Waiting processes poll, so a wait keeps no database connection open.

const log = logger.child({ component: "github-write-gate" });

/** First key of the advisory lock pair: "GW" for GitHub writes, apart from Prisma Migrate's key. */
const LOCK_CLASS = 0x4757;

const POLL_MIN_MS = 50;
const POLL_JITTER_MS = 100;

/** A wait for the turn to start a content-creating GitHub call. */
export interface GitHubWriteGate {
  /** Resolves when the calling process may start its write for this installation key. */
  waitForTurn(key: string): Promise<void>;
}

export interface AdvisoryWriteGateOptions {
  /** Time between the starts of two writes, in ms. Default 1000, GitHub's guidance. */
  spacingMs?: number;
}

/** Creates a gate that spaces writes across every process on the PostgreSQL database. */
export function createAdvisoryWriteGate(db: Database, options: AdvisoryWriteGateOptions = {}): GitHubWriteGate {
  const spacingMs = options.spacingMs ?? 1_000;

  // Resolves true once the lock is taken and keeps the transaction open for the spacing, or
  // resolves false at once when another process holds the lock.
  function tryTakeTurn(key: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      db.$transaction(
        async (tx) => {
          const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`
            SELECT pg_try_advisory_xact_lock(${LOCK_CLASS}::int4, hashtext(${key})) AS locked`;
          resolve(row?.locked === true);
          if (row?.locked) await sleep(spacingMs);
        },
        { timeout: spacingMs + 30_000 },
      ).catch((error: unknown) => {
        // After resolve() this only frees the lock early, so the write itself goes on.
        log.warn({ err: error, key }, "github write gate transaction failed");
        reject(error);
      });
    });
  }

  return {
    async waitForTurn(key) {
      const started = Date.now();
      for (;;) {
        if (await tryTakeTurn(key)) break;
        await sleep(POLL_MIN_MS + Math.random() * POLL_JITTER_MS);
      }
      const waitedMs = Date.now() - started;
      if (waitedMs > 10 * spacingMs) log.info({ key, waitedMs }, "waited for the github write gate");
    },
  };
}
