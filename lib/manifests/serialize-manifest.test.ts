import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { buildExternalSecret, type ExternalSecretInput } from "./external-secret";
import { ManifestError } from "./manifest-error";
import { generatedComment, parseManifests, serializeManifest } from "./serialize-manifest";

const input: ExternalSecretInput = {
  name: "database-password",
  namespace: "payments-dev",
  storeName: "secrets-portal",
  providerName: "/dev/payments-api/database-password",
  keys: ["password"],
  refreshInterval: "1h",
  requestId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  application: "payments-api",
  environment: "dev",
};

// Strings that YAML could read as another type, structure or comment if written plainly.
const TRICKY_STRINGS = [
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "true",
  "null",
  "~",
  "",
  "0755",
  "012",
  "1:20",
  "1e3",
  "0x1F",
  ".inf",
  "2001-12-14",
  "<<",
  "=",
  "key: value",
  "- item",
  "# not a comment",
  "value # trailing",
  "line one\nline two",
  "trailing newline\n",
  "\ttab",
  "'single'",
  '"double"',
  "back\\slash",
  "{ flow: map }",
  "[flow, seq]",
  "&anchor",
  "*alias",
  "!tag",
  "%directive",
  "@at",
  "`tick",
  "|",
  ">",
  "---",
  "...",
  "é ünïcödé 日本語 😀",
  "\u0000\u0007\u001b",
  " leading and trailing ",
];

/** Parses YAML text as both YAML 1.1 (Kubernetes tools) and YAML 1.2 would. */
function parseBothVersions(text: string): [unknown, unknown] {
  return [parse(text, { version: "1.1" }), parse(text, { version: "1.2" })];
}

describe("serializeManifest", () => {
  it("starts with the generated comment", () => {
    const text = serializeManifest(buildExternalSecret(input), { requestId: input.requestId });
    expect(text.split("\n")[0]).toBe(`# ${generatedComment(input.requestId)}`);
  });

  it("omits the comment without a request id", () => {
    expect(serializeManifest(buildExternalSecret(input)).startsWith("apiVersion: external-secrets.io/v1\n")).toBe(true);
  });

  it("writes keys in builder order", () => {
    const text = serializeManifest(buildExternalSecret(input));
    const topLevel = text.split("\n").filter((line) => /^[a-z]/i.test(line));
    expect(topLevel).toEqual(["apiVersion: external-secrets.io/v1", "kind: ExternalSecret", "metadata:", "spec:"]);
  });

  it("is stable across calls", () => {
    const first = serializeManifest(buildExternalSecret({ ...input, labels: { b: "1", a: "2" } }));
    const second = serializeManifest(buildExternalSecret({ ...input, labels: { a: "2", b: "1" } }));
    expect(second).toBe(first);
  });

  it("does not fold long values", () => {
    const description = "word ".repeat(100).trim();
    const text = serializeManifest(buildExternalSecret({ ...input, description }));
    expect(text).toContain(`secrets-portal.io/description: ${description}\n`);
  });

  it.each(TRICKY_STRINGS)("round-trips description %j", (description) => {
    const manifest = buildExternalSecret({ ...input, description });
    const [yaml11, yaml12] = parseBothVersions(serializeManifest(manifest, { requestId: input.requestId }));
    expect(yaml11).toEqual(manifest);
    expect(yaml12).toEqual(manifest);
  });

  it.each(TRICKY_STRINGS)("round-trips annotation value %j", (value) => {
    const manifest = buildExternalSecret({ ...input, annotations: { "example.com/note": value } });
    const [yaml11, yaml12] = parseBothVersions(serializeManifest(manifest));
    expect(yaml11).toEqual(manifest);
    expect(yaml12).toEqual(manifest);
  });

  it.each(["yes", "no", "on", "null", "true", "1e3", "0755", "1.0", "-", "a.b_c-d"])("round-trips key %j", (key) => {
    const manifest = buildExternalSecret({ ...input, keys: [key], labels: { [key.replace(/^-$/, "dash")]: key.replace(/^-$/, "d") } });
    const [yaml11, yaml12] = parseBothVersions(serializeManifest(manifest));
    expect(yaml11).toEqual(manifest);
    expect(yaml12).toEqual(manifest);
  });

  it("quotes the 1.1 boolean yes", () => {
    const text = serializeManifest(buildExternalSecret({ ...input, keys: ["yes"] }));
    expect(text).toContain('secretKey: "yes"');
  });

  it("quotes the merge key <<", () => {
    const text = serializeManifest(buildExternalSecret({ ...input, description: "<<" }));
    expect(text).toContain('secrets-portal.io/description: !!str "<<"');
  });

  it("quotes the value key =", () => {
    const text = serializeManifest(buildExternalSecret({ ...input, description: "=" }));
    expect(text).toContain('secrets-portal.io/description: "="');
  });

  it("keeps a newline in a value from adding fields", () => {
    const description = "x\nkind: Secret\nspec: {}";
    const parsed = parse(serializeManifest(buildExternalSecret({ ...input, description })), { version: "1.1" }) as {
      kind: string;
      spec: { refreshInterval: string };
    };
    expect(parsed.kind).toBe("ExternalSecret");
    expect(parsed.spec.refreshInterval).toBe("1h");
  });
});

describe("parseManifests", () => {
  it("parses what serializeManifest writes", () => {
    const manifest = buildExternalSecret(input);
    expect(parseManifests(serializeManifest(manifest, { requestId: input.requestId }))).toEqual([manifest]);
  });

  it("reads several documents", () => {
    expect(parseManifests("a: 1\n---\nb: 2\n")).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("returns nothing for an empty file", () => {
    expect(parseManifests("")).toEqual([]);
  });

  it("reads plain yes as YAML 1.1 does", () => {
    expect(parseManifests("value: yes\n")).toEqual([{ value: true }]);
  });

  it("rejects duplicate keys", () => {
    expect(() => parseManifests("a: 1\na: 2\n")).toThrow(ManifestError);
  });

  it("rejects aliases", () => {
    expect(() => parseManifests("a: &x 1\nb: *x\n")).toThrow(/aliases/);
  });

  it("rejects invalid YAML", () => {
    expect(() => parseManifests("a: [1, 2\n")).toThrow(/Invalid YAML/);
  });
});
