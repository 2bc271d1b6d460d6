import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { isDns1123Label, isDns1123Subdomain } from "@/lib/naming/dns-names";
import { externalSecretName, kubernetesSecretName } from "@/lib/naming/kubernetes-names";
import { renderProviderName, validateProviderName } from "@/lib/naming/provider-name";
import { newRequestSchema } from "@/lib/requests/request-schema";

import { validateManifest } from "./crd-schemas";
import { buildExternalSecret } from "./external-secret";
import { renderRequestFiles } from "./render-request-files";
import { serializeManifest } from "./serialize-manifest";
import { loadSandboxConfig, sampleRequest } from "./test-fixtures";

const config = loadSandboxConfig();
const secretNameSchema = newRequestSchema.shape.secretName;
const keysSchema = newRequestSchema.shape.keys;

// Candidate names are kebab-case, so most of them pass the schema. The filter keeps exactly
// the names the schema accepts, including its length and ARN-suffix rules.
const acceptedSecretName = fc
  .stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,6}$/)
  .filter((name) => secretNameSchema.safeParse(name).success);

const acceptedKeys = fc
  .uniqueArray(fc.stringMatching(/^[-._a-zA-Z0-9]{1,30}$/), { minLength: 1, maxLength: 20 })
  .filter((keys) => keysSchema.safeParse(keys).success);

const environmentAndApplication = fc.record({
  environment: fc.constantFrom(...config.environments),
  application: fc.constantFrom(...config.applications),
});

describe("names accepted by the schema", () => {
  it("yield valid provider and Kubernetes names", () => {
    fc.assert(
      fc.property(acceptedSecretName, environmentAndApplication, (name, { environment, application }) => {
        const providerName = renderProviderName(config.providerNameTemplate, {
          environment: environment.name,
          application: application.name,
          name,
        });
        expect(validateProviderName(providerName)).toEqual([]);
        expect(isDns1123Label(name)).toBe(true);
        expect(isDns1123Subdomain(kubernetesSecretName(name))).toBe(true);
        expect(isDns1123Subdomain(externalSecretName(name))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("yield CRD-valid manifests", () => {
    fc.assert(
      fc.property(acceptedSecretName, acceptedKeys, environmentAndApplication, (name, keys, { environment, application }) => {
        const request = {
          ...sampleRequest,
          secretName: name,
          keys,
          environment: environment.name,
          application: application.name,
          namespace: application.namespaces[environment.name] ?? "",
          providerName: renderProviderName(config.providerNameTemplate, {
            environment: environment.name,
            application: application.name,
            name,
          }),
        };
        for (const file of renderRequestFiles({ config, request, existingPaths: new Set() })) {
          expect(validateManifest(parse(file.content, { version: "1.1" }))).toEqual({ valid: true, errors: [] });
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("free text in manifests", () => {
  it("round-trips through YAML unchanged", () => {
    const wellFormedText = fc.string({ unit: "binary", maxLength: 200 }).filter((text) => text.isWellFormed());
    fc.assert(
      fc.property(wellFormedText, wellFormedText, (description, note) => {
        const manifest = buildExternalSecret({
          name: "database-password",
          namespace: "payments-dev",
          storeName: "secrets-portal",
          providerName: "/dev/payments-api/database-password",
          keys: ["password"],
          refreshInterval: "1h",
          requestId: sampleRequest.id,
          application: "payments-api",
          environment: "dev",
          description,
          annotations: note.includes("{{") || note.includes("}}") ? {} : { "example.com/note": note },
        });
        const text = Buffer.from(serializeManifest(manifest), "utf8").toString("utf8");
        expect(parse(text, { version: "1.1" })).toEqual(manifest);
        expect(parse(text, { version: "1.2" })).toEqual(manifest);
      }),
      { numRuns: 300 },
    );
  });
});
