import type { z } from "zod";

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
}

// An error the REST API returns as JSON, in the shape GitHub uses.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { errors?: Array<ValidationErrorItem | string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function notFound(): ApiError {
  return new ApiError(404, "Not Found");
}

export function validationFailed(errors: ValidationErrorItem[]): ApiError {
  return new ApiError(422, "Validation Failed", { errors });
}

// The `validation-error-simple` form that some endpoints, such as reviews, use.
export function unprocessable(reasons: string[]): ApiError {
  return new ApiError(422, "Unprocessable Entity", { errors: reasons });
}

export function errorBody(error: ApiError, documentationUrl: string): Record<string, unknown> {
  const body: Record<string, unknown> = { message: error.message };
  if (error.details.errors) body.errors = error.details.errors;
  body.documentation_url = documentationUrl;
  body.status = String(error.status);
  return body;
}

function describeJson(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

// Parses a request body the way GitHub's schema validation reports it: 422 "Invalid request."
// followed by one line per problem.
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;

  const lines = result.error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const field = issue.path.map(String).join("/");
    if (value === undefined) return `"${field}" wasn't supplied.`;
    return `For 'properties/${field}', ${describeJson(value)} is not valid: ${issue.message}.`;
  });
  throw new ApiError(422, `Invalid request.\n\n${lines.join("\n")}`);
}
