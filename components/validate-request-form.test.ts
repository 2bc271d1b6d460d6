import { describe, expect, it } from "vitest";

import { validateRequestForm } from "./validate-request-form";

function formDataOf(overrides: Record<string, string | string[]> = {}): FormData {
  const fields: Record<string, string | string[]> = {
    environment: "dev",
    application: "payments-api",
    secretName: "database-password",
    description: "Password for the payments database user",
    secretType: "Opaque",
    valueSource: "generated",
    keys: ["username", "password"],
    refreshInterval: "1h",
    ...overrides,
  };
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const entry of Array.isArray(value) ? value : [value]) formData.append(name, entry);
  }
  return formData;
}

describe("validateRequestForm", () => {
  it("accepts a complete form", () => {
    expect(validateRequestForm(formDataOf()).ok).toBe(true);
  });

  it("reports a short description", () => {
    const result = validateRequestForm(formDataOf({ description: "short" }));
    expect(result.fieldErrors.description?.[0]).toMatch(/^Description must be at least/);
  });

  it("reports an invalid secret name", () => {
    const result = validateRequestForm(formDataOf({ secretName: "Database_Password" }));
    expect(result.fieldErrors.secretName?.length).toBeGreaterThan(0);
  });

  it("marks a blank key row", () => {
    const result = validateRequestForm(formDataOf({ keys: ["password", ""] }));
    expect(result.invalidKeyRows).toEqual([1]);
  });

  it("marks a duplicate key row", () => {
    const result = validateRequestForm(formDataOf({ keys: ["password", "token", "password"] }));
    expect(result.invalidKeyRows).toEqual([2]);
  });

  it("reports a form without keys", () => {
    const result = validateRequestForm(formDataOf({ keys: [] }));
    expect(result.fieldErrors.keys?.[0]).toMatch(/at least one key/);
  });

  it("marks no row for a list-level error", () => {
    const result = validateRequestForm(formDataOf({ keys: [] }));
    expect(result.invalidKeyRows).toEqual([]);
  });
});
