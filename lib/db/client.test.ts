import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createTestDatabase, type TestDatabase } from "@/test-support/database";

import { checkDatabase, closeDb, createPrismaClient, getDb, pgliteDataDir } from "./client";
import { isForeignKeyViolation, isUniqueViolation } from "./errors";
import { Prisma, type PrismaClient } from "./generated/client";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

let sequence = 0;

async function createUser(): Promise<{ id: string; login: string }> {
  sequence += 1;
  return db.user.create({ data: { login: `user-${sequence}-${Date.now()}`, name: "Test User" } });
}

function requestData(requesterId: string, activeProviderName: string | null): Prisma.SecretRequestUncheckedCreateInput {
  return {
    environment: "staging",
    application: "billing",
    secretName: "stripe-key",
    providerName: `staging/billing/stripe-key-${sequence}`,
    activeProviderName,
    namespace: "billing",
    kubernetesName: "stripe-key",
    secretType: "Opaque",
    keyNames: ["api-key", "webhook-secret"],
    valueSource: "CUSTODIAN",
    refreshInterval: "1h",
    description: "Stripe API key",
    status: "OPENING_PR",
    requesterId,
  };
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe(`prisma client on ${process.env.DATABASE_URL ? "postgres" : "pglite"}`, () => {
  it("test database kind follows DATABASE_URL", () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("creates user, request and audit event", async () => {
    const user = await createUser();
    const request = await db.secretRequest.create({ data: requestData(user.id, `staging/billing/active-${sequence}`) });
    await db.auditEvent.create({
      data: { requestId: request.id, actor: user.login, action: "request.created", detail: { fields: ["keyNames"] } },
    });

    const stored = await db.secretRequest.findUniqueOrThrow({
      where: { id: request.id },
      include: { requester: true, events: true },
    });

    expect(stored.requester.login).toBe(user.login);
    expect(stored.keyNames).toEqual(["api-key", "webhook-secret"]);
    expect(stored.reviewState).toBe("PENDING");
    expect(stored.justification).toBe("");
    expect(stored.updatedAt).toBeInstanceOf(Date);
    expect(stored.events).toHaveLength(1);
    expect(stored.events[0]?.detail).toEqual({ fields: ["keyNames"] });
  });

  it("audit detail defaults to an empty object", async () => {
    const event = await db.auditEvent.create({ data: { actor: "system", action: "job.started" } });

    expect(event.detail).toEqual({});
    expect(event.requestId).toBeNull();
  });

  it("duplicate activeProviderName is P2002", async () => {
    const user = await createUser();
    const name = `staging/billing/taken-${sequence}`;
    await db.secretRequest.create({ data: requestData(user.id, name) });

    const error = await captureError(db.secretRequest.create({ data: requestData(user.id, name) }));

    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("several released names may be null", async () => {
    const user = await createUser();

    await db.secretRequest.create({ data: requestData(user.id, null) });
    await db.secretRequest.create({ data: requestData(user.id, null) });

    expect(await db.secretRequest.count({ where: { requesterId: user.id, activeProviderName: null } })).toBe(2);
  });

  it("duplicate job dedupeKey is P2002", async () => {
    const dedupeKey = `provision:${sequence}-${Date.now()}`;
    await db.job.create({ data: { kind: "provision-secret", payload: { requestId: "r1" }, dedupeKey } });

    const error = await captureError(
      db.job.create({ data: { kind: "provision-secret", payload: { requestId: "r1" }, dedupeKey } }),
    );

    expect(isUniqueViolation(error)).toBe(true);
  });

  it("job defaults apply", async () => {
    const job = await db.job.create({ data: { kind: "comment-pull-request", payload: {} } });

    expect(job.status).toBe("QUEUED");
    expect(job.attempts).toBe(0);
    expect(job.maxAttempts).toBe(8);
  });

  it("requester with requests cannot be deleted", async () => {
    const user = await createUser();
    await db.secretRequest.create({ data: requestData(user.id, null) });

    const error = await captureError(db.user.delete({ where: { id: user.id } }));

    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
    expect(await db.user.findUnique({ where: { id: user.id } })).not.toBeNull();
  });

  it("audit event for a missing request is rejected", async () => {
    const error = await captureError(
      db.auditEvent.create({
        data: { requestId: "00000000-0000-4000-8000-000000000000", actor: "system", action: "request.created" },
      }),
    );

    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2003");
    expect(isForeignKeyViolation(error)).toBe(true);
  });

  it("deleting a request keeps its audit events", async () => {
    const user = await createUser();
    const request = await db.secretRequest.create({ data: requestData(user.id, null) });
    const event = await db.auditEvent.create({ data: { requestId: request.id, actor: user.login, action: "request.created" } });

    await db.secretRequest.delete({ where: { id: request.id } });

    const kept = await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(kept.requestId).toBeNull();
  });

  it("transaction rolls back on error", async () => {
    const login = `rollback-${Date.now()}`;

    const result = db.$transaction(async (tx) => {
      await tx.user.create({ data: { login, name: "Rolled Back" } });
      throw new Error("abort");
    });

    await expect(result).rejects.toThrow("abort");
    expect(await db.user.findUnique({ where: { login } })).toBeNull();
  });

  it("checkDatabase reports ok", async () => {
    const health = await checkDatabase(db);

    expect(health.ok).toBe(true);
  });
});

describe("checkDatabase", () => {
  it("times out while the database is busy", async () => {
    const pglite = await PGlite.create();
    const client = createPrismaClient({ kind: "pglite", pglite });
    let release: () => void = () => undefined;
    const busy = pglite.transaction(() => new Promise<void>((resolve) => (release = resolve)));

    const health = await checkDatabase(client, 200);
    release();
    await busy;
    await client.$disconnect();
    await pglite.close();

    expect(health).toMatchObject({ ok: false, error: "database health check timed out: SELECT 1 did not return within 200 ms" });
  });

  it("reports a closed database", async () => {
    const pglite = await PGlite.create();
    const client = createPrismaClient({ kind: "pglite", pglite });
    await pglite.close();

    const health = await checkDatabase(client, 2_000);
    await client.$disconnect();

    expect(health.ok).toBe(false);
  });
});

describe("getDb on pglite", () => {
  let dataRoot: string;

  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(os.tmpdir(), "portal-getdb-"));
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PORTAL_DATA_DIR", dataRoot);
  });

  afterEach(async () => {
    await closeDb();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it("data dir follows PORTAL_DATA_DIR", () => {
    expect(pgliteDataDir()).toBe(path.join(dataRoot, "pglite"));
  });

  it("returns one client per process", () => {
    expect(getDb()).toBe(getDb());
  });

  it("migrates on first use and persists", async () => {
    await getDb().user.create({ data: { login: "persisted", name: "Persisted User" } });
    await closeDb();

    const reopened = await getDb().user.findUnique({ where: { login: "persisted" } });

    expect(reopened?.name).toBe("Persisted User");
  });

  it("closeDb lets getDb open again", async () => {
    const first = getDb();
    await closeDb();

    expect(getDb()).not.toBe(first);
  });
});
