import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { newRequestSchema } from "@/lib/requests/request-schema";

import { validateManifest } from "./crd-schemas";
import { buildExternalSecret } from "./external-secret";
import { renderRequestFiles } from "./render-request-files";
import { SECRET_TYPE_SPECS, SECRET_TYPES } from "./secret-types";
import { serializeManifest } from "./serialize-manifest";
import { loadSandboxConfig, sampleRequest } from "./test-fixtures";

const config = loadSandboxConfig();
const keysSchema = newRequestSchema.shape.keys;
const labelsSchema = newRequestSchema.shape.labels;
const annotationsSchema = newRequestSchema.shape.annotations;

const acceptedKeys = fc
  .uniqueArray(fc.stringMatching(/^[-._a-zA-Z0-9]{1,30}$/), { minLength: 1, maxLength: 20 })
  .filter((keys) => keysSchema.safeParse(keys).success);

const labelName = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,20}[a-z0-9])?$/);
const acceptedLabels = fc
  .dictionary(fc.oneof(labelName, labelName.map((name) => `example.com/${name}`)), fc.oneof(fc.constant(""), labelName), { maxKeys: 5 })
  .filter((labels) => labelsSchema.safeParse(labels).success);

// Text that YAML or a naive template would misread: newlines, quotes, colons, comments,
// YAML 1.1 keywords, flow markers and unicode.
const hostileText = fc.oneof(
  fc.constantFrom("yes", "no", "on", "null", "~", "<<", "=", "0755", "1:20", "- item", "key: value", "# comment", "'quoted'", '"double"', "a\nb: c", "{a: 1}", "[1, 2]", "😀 ünïcödé", "\t tab", "--- \n..."),
  fc.string({ unit: "binary", maxLength: 80 }).filter((text) => text.isWellFormed()),
);
const acceptedAnnotations = fc
  .dictionary(labelName.map((name) => `example.com/${name}`), hostileText, { maxKeys: 4 })
  .filter((annotations) => annotationsSchema.safeParse(annotations).success);

const requestShape = fc.record({
  secretType: fc.constantFrom(...SECRET_TYPES),
  keys: acceptedKeys,
  useDataFrom: fc.boolean(),
  labels: acceptedLabels,
  annotations: acceptedAnnotations,
});

function keysFor(type: (typeof SECRET_TYPES)[number], keys: string[]): string[] {
  return [...(SECRET_TYPE_SPECS[type].fixedKeys ?? keys)];
}

describe("every secret type", () => {
  it("yields CRD-valid manifests", () => {
    fc.assert(
      fc.property(requestShape, ({ secretType, keys, useDataFrom, labels, annotations }) => {
        const request = { ...sampleRequest, secretType, keys: keysFor(secretType, keys), useDataFrom, labels, annotations };
        for (const file of renderRequestFiles({ config, request, existingPaths: new Set() })) {
          expect(validateManifest(parse(file.content, { version: "1.1" }))).toEqual({ valid: true, errors: [] });
        }
      }),
      { numRuns: 150 },
    );
  });

  it("round-trips labels and annotations", () => {
    fc.assert(
      fc.property(requestShape, hostileText, ({ secretType, keys, useDataFrom, labels, annotations }, description) => {
        const manifest = buildExternalSecret({
          name: "database-password",
          namespace: "payments-dev",
          storeName: "secrets-portal",
          providerName: "/dev/payments-api/database-password",
          keys: keysFor(secretType, keys),
          refreshInterval: "1h",
          requestId: sampleRequest.id,
          application: "payments-api",
          environment: "dev",
          secretType,
          useDataFrom,
          labels,
          annotations,
          description,
        });
        const text = serializeManifest(manifest, { requestId: sampleRequest.id });
        expect(parse(text, { version: "1.1" })).toEqual(manifest);
        expect(parse(text, { version: "1.2" })).toEqual(manifest);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps braces out of template metadata", () => {
    fc.assert(
      fc.property(requestShape, ({ secretType, keys, useDataFrom, labels, annotations }) => {
        const manifest = buildExternalSecret({
          name: "database-password",
          namespace: "payments-dev",
          storeName: "secrets-portal",
          providerName: "/dev/payments-api/database-password",
          keys: keysFor(secretType, keys),
          refreshInterval: "1h",
          requestId: sampleRequest.id,
          application: "payments-api",
          environment: "dev",
          secretType,
          useDataFrom,
          labels,
          annotations,
          description: "uses {{ .password }} on purpose",
        });
        const metadata = manifest.spec.target.template?.metadata ?? {};
        expect(JSON.stringify(metadata)).not.toContain("{{");
      }),
      { numRuns: 100 },
    );
  });
});

describe("rejected input", () => {
  it("names an invalid key", () => {
    const invalidKey = fc.string({ minLength: 1, maxLength: 30 }).filter((key) => key.trim() !== "" && !/^[-._a-zA-Z0-9]+$/.test(key.trim()));
    fc.assert(
      fc.property(invalidKey, (key) => {
        const result = keysSchema.safeParse([key]);
        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.message).toMatch(/Key .* may contain only letters, digits/);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects braces in annotations", () => {
    const text = fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([before, after]) => `${before}{{${after}`);
    fc.assert(
      fc.property(text, (value) => {
        const result = annotationsSchema.safeParse({ "example.com/note": value });
        expect(result.success).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
