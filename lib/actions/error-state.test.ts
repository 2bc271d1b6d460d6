import { describe, expect, it } from "vitest";

import { PortalError } from "@/lib/errors";

import { toActionFormState } from "./error-state";

describe("toActionFormState", () => {
  it("puts field messages next to fields", () => {
    const error = new PortalError("VALIDATION", "Some fields are invalid", { secretName: ["The name is taken"] });
    expect(toActionFormState(error, {}).fieldErrors).toEqual({ secretName: ["The name is taken"] });
  });

  it("omits the form message when a field explains it", () => {
    const error = new PortalError("VALIDATION", "Some fields are invalid", { secretName: ["The name is taken"] });
    expect(toActionFormState(error, {}).formError).toBeNull();
  });

  it("shows a message that belongs to no field", () => {
    const state = toActionFormState(new PortalError("UNAUTHENTICATED", "Sign in to continue."), {});
    expect(state.formError).toBe("Sign in to continue.");
  });

  it("hides the text of an unknown error", () => {
    const state = toActionFormState(new Error("connection string postgres://user:pw@db"), {});
    expect(state.formError).not.toContain("postgres://");
  });

  it("gives a reference for an unknown error", () => {
    const state = toActionFormState(new Error("boom"), {});
    expect(state.formError).toMatch(/reference [0-9a-f-]{36}/);
  });
});
