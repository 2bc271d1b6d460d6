import { randomUUID } from "node:crypto";

import { logger } from "@/lib/log";

export type ErrorCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UPSTREAM";

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
};

export type FieldErrors = Record<string, string[]>;

/** The portal's one error type: a code for the HTTP status and a message safe to show. */
export class PortalError extends Error {
  override name = "PortalError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export function validationError(field: string, message: string): PortalError {
  return new PortalError("VALIDATION", message, { [field]: [message] });
}

export interface ErrorBody {
  error: { code: ErrorCode | "INTERNAL"; message: string; fieldErrors?: FieldErrors; reference?: string };
}

/**
 * Maps any thrown value to a status and a body. Unknown errors are logged with a
 * reference id and shown only as a generic message, because their text may carry
 * details (or values) that must not reach the browser.
 */
export function describeError(error: unknown, context: Record<string, unknown> = {}): { status: number; body: ErrorBody } {
  if (error instanceof PortalError) {
    const fieldErrors = Object.keys(error.fieldErrors).length > 0 ? error.fieldErrors : undefined;
    return { status: error.status, body: { error: { code: error.code, message: error.message, fieldErrors } } };
  }

  const reference = randomUUID();
  logger.error({ err: error, reference, ...context }, "unexpected error");
  return {
    status: 500,
    body: {
      error: {
        code: "INTERNAL",
        message: `Something went wrong on the server. Quote reference ${reference} to the platform team.`,
        reference,
      },
    },
  };
}

export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  const { status, body } = describeError(error, context);
  return Response.json(body, { status });
}
