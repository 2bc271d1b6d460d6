import "server-only";

import { Prisma } from "./generated/client";

// Prisma error codes, from https://www.prisma.io/docs/orm/reference/error-reference
const UNIQUE_CONSTRAINT_FAILED = "P2002";
const FOREIGN_KEY_CONSTRAINT_FAILED = "P2003";

// foreign_key_violation and restrict_violation. PGlite 0.5 (PostgreSQL 18) raises 23001 for
// ON DELETE RESTRICT where PostgreSQL 15 raises 23503, and pglite-prisma-adapter 0.7 does
// not map 23001, so Prisma reports it as P2039 "Database error" instead of P2003.
const FOREIGN_KEY_SQLSTATES = new Set(["23503", "23001"]);

/** Returns true when a Prisma query failed because a unique index already contains the value. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_CONSTRAINT_FAILED;
}

/**
 * Returns true when a Prisma query failed on a foreign key: a reference to a missing row,
 * or a delete of a row that others still reference.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === FOREIGN_KEY_CONSTRAINT_FAILED) return true;

  const code = sqlStateOf(error);
  return code !== undefined && FOREIGN_KEY_SQLSTATES.has(code);
}

function sqlStateOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const adapterError = error.meta?.driverAdapterError;
  if (typeof adapterError !== "object" || adapterError === null || !("cause" in adapterError)) return undefined;

  const cause = adapterError.cause;
  if (typeof cause !== "object" || cause === null || !("originalCode" in cause)) return undefined;
  return typeof cause.originalCode === "string" ? cause.originalCode : undefined;
}
