import { describe, expect, it } from "vitest";

import {
  ANNOTATIONS_MAX_BYTES,
  validateAnnotations,
  validateLabels,
  validateRequestedSecretMetadata,
} from "./kubernetes-metadata";

describe("validateLabels", () => {
  it("accepts plain and prefixed keys", () => {
    expect(validateLabels({ team: "payments", "example.com/tier": "backend", empty: "" })).toEqual([]);
  });

  it.each(["", "-a", "a b", "Example.com/x", "a/b/c", "x".repeat(64), "example.com/"])("rejects key %j", (key) => {
    expect(validateLabels({ [key]: "v" }).length).toBeGreaterThan(0);
  });

  it.each(["a b", "-a", "a:b", "x".repeat(64), "yes\n", "é"])("rejects value %j", (value) => {
    expect(validateLabels({ key: value })).toEqual([expect.stringContaining("invalid value")]);
  });
});

describe("validateAnnotations", () => {
  it("accepts free-form values", () => {
    expect(validateAnnotations({ "example.com/note": "line one\nline: two # é" })).toEqual([]);
  });

  it("rejects a key with spaces", () => {
    expect(validateAnnotations({ "a b": "v" })).toHaveLength(1);
  });

  it("rejects a lone surrogate", () => {
    expect(validateAnnotations({ note: "a\uD800b" })).toEqual([expect.stringContaining("not valid Unicode")]);
  });

  it("rejects more than 256 KiB", () => {
    expect(validateAnnotations({ note: "x".repeat(ANNOTATIONS_MAX_BYTES) })).toEqual([
      expect.stringContaining("at most 262144"),
    ]);
  });
});

describe("validateRequestedSecretMetadata", () => {
  it("accepts ordinary metadata", () => {
    expect(validateRequestedSecretMetadata({ team: "payments" }, { "example.com/owner": "Dana" })).toEqual([]);
  });

  it.each(["app.kubernetes.io/managed-by", "secrets-portal.io/request-id", "kubernetes.io/x", "reconcile.external-secrets.io/x"])(
    "rejects reserved key %s",
    (key) => {
      expect(validateRequestedSecretMetadata({}, { [key]: "v" })).toEqual([expect.stringContaining("reserved")]);
    },
  );

  it("rejects template markers", () => {
    expect(validateRequestedSecretMetadata({}, { note: "{{ .password }}" })).toEqual([
      expect.stringContaining("template"),
    ]);
  });
});
