import "server-only";

import type { Prisma, PrismaClient } from "./generated/client";

// The rest of the portal imports the database layer from "@/lib/db" only, so the
// generated folder can be regenerated or moved without touching callers.

export {
  checkDatabase,
  closeDb,
  createPrismaClient,
  databaseKind,
  getDb,
  pgliteDataDir,
  type CreatePrismaClientOptions,
  type DatabaseHealth,
  type DatabaseKind,
} from "./client";
export { isForeignKeyViolation, isUniqueViolation } from "./errors";
export { Prisma, PrismaClient } from "./generated/client";
export type { AuditEvent, Job, SecretRequest, User, WebhookDelivery } from "./generated/client";
export { JobStatus, RequestStatus, ReviewState, ValueSource } from "./enums";

/** The process-wide client, with `$transaction` and `$disconnect`. */
export type Database = PrismaClient;

/** Either the client or the client inside `$transaction(async (tx) => ...)`. */
export type DatabaseClient = PrismaClient | Prisma.TransactionClient;
