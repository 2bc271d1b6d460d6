import { describe, expect, it } from "vitest";

import { parseNewRequest } from "@/lib/requests/request-schema";

import { isRequestFormField, parseRequestForm } from "./parse-request-form";

function formDataOf(entries: [string, string | Blob][]): FormData {
  const formData = new FormData();
  for (const [name, value] of entries) formData.append(name, value);
  return formData;
}

const complete: [string, string][] = [
  ["environment", "dev"],
  ["application", "payments-api"],
  ["secretName", "database-password"],
  ["description", "Password for the payments database user"],
  ["justification", "The reporting job needs it"],
  ["secretType", "Opaque"],
  ["valueSource", "generated"],
  ["keys", "username"],
  ["keys", "password"],
  ["refreshInterval", "1h"],
];

describe("parseRequestForm", () => {
  it("reads every text field", () => {
    const values = parseRequestForm(formDataOf(complete));
    expect(values.environment).toBe("dev");
    expect(values.secretName).toBe("database-password");
    expect(values.refreshInterval).toBe("1h");
  });

  it("keeps key rows in order", () => {
    expect(parseRequestForm(formDataOf(complete)).keys).toEqual(["username", "password"]);
  });

  it("keeps blank key rows", () => {
    const values = parseRequestForm(formDataOf([["keys", "password"], ["keys", ""]]));
    expect(values.keys).toEqual(["password", ""]);
  });

  it("returns no keys for a form without rows", () => {
    expect(parseRequestForm(formDataOf([])).keys).toEqual([]);
  });

  it("drops a blank justification", () => {
    const values = parseRequestForm(formDataOf([["justification", "   "]]));
    expect("justification" in values).toBe(false);
  });

  it("leaves a missing field undefined", () => {
    expect(parseRequestForm(formDataOf([])).secretName).toBeUndefined();
  });

  it("ignores a file in a text field", () => {
    const values = parseRequestForm(formDataOf([["secretName", new Blob(["x"])]]));
    expect(values.secretName).toBeUndefined();
  });

  it("ignores Next.js action fields", () => {
    const values = parseRequestForm(formDataOf([...complete, ["$ACTION_ID_abc", ""]]));
    expect(Object.keys(values).some((name) => name.startsWith("$"))).toBe(false);
  });

  it("produces input the schema accepts", () => {
    const result = parseNewRequest(parseRequestForm(formDataOf(complete)));
    expect(result.success).toBe(true);
  });

  it("produces a keys error for a form without rows", () => {
    const withoutKeys = complete.filter(([name]) => name !== "keys");
    const result = parseNewRequest(parseRequestForm(formDataOf(withoutKeys)));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors.fieldErrors.keys?.[0]).toMatch(/at least one key/);
  });
});

describe("isRequestFormField", () => {
  it("accepts a form field", () => {
    expect(isRequestFormField("secretName")).toBe(true);
  });

  it("rejects another name", () => {
    expect(isRequestFormField("providerName")).toBe(false);
  });
});

describe("parseRequestForm new fields", () => {
  it("reads labels as lines", () => {
    const values = parseRequestForm(formDataOf([...complete, ["labels", "team=payments\n\n example.com/tier = gold "]]));
    expect(values.labels).toEqual({ team: "payments", "example.com/tier": "gold" });
  });

  it("keeps equals signs in values", () => {
    const values = parseRequestForm(formDataOf([...complete, ["annotations", "example.com/q=a=b"]]));
    expect(values.annotations).toEqual({ "example.com/q": "a=b" });
  });

  it("reads key policies as JSON", () => {
    const values = parseRequestForm(formDataOf([...complete, ["keyPolicies", '{"password":{"length":20}}']]));
    expect(values.keyPolicies).toEqual({ password: { length: 20 } });
  });

  it("leaves invalid JSON for the schema", () => {
    const values = parseRequestForm(formDataOf([...complete, ["keyPolicies", "{oops"]]));
    expect(parseNewRequest(values).success).toBe(false);
  });

  it("reads the dataFrom checkbox", () => {
    expect(parseRequestForm(formDataOf([...complete, ["useDataFrom", "on"]])).useDataFrom).toBe(true);
    expect(parseRequestForm(formDataOf(complete)).useDataFrom).toBe(false);
  });

  it("drops a blank username", () => {
    expect(parseRequestForm(formDataOf([...complete, ["username", "  "]])).username).toBeUndefined();
  });
});
