import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { validateManifest } from "./crd-schemas";
import { renderRequestFiles, type RequestManifestFields } from "./render-request-files";
import { parseManifests } from "./serialize-manifest";
import { loadSandboxConfig, sampleRequest } from "./test-fixtures";

// Golden files: the exact YAML of every secret type, with and without templates, labels
// and dataFrom. Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then
// review the diff like any other code change.
const GOLDEN_DIR = new URL("./__golden__/", import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const config = loadSandboxConfig();
const labels = { team: "payments", "example.com/tier": "critical" };
const annotations = { "example.com/owner": "Dana Developer", "example.com/runbook": "https://runbooks.example.com/db" };

const cases: Array<[string, Partial<RequestManifestFields>]> = [
  ["opaque-one-key", { keys: ["api-key"] }],
  ["opaque-many-keys", { keys: ["username", "password", "host"] }],
  ["opaque-data-from", { keys: ["username", "password"], useDataFrom: true }],
  ["opaque-labels", { keys: ["api-key"], labels, annotations }],
  ["opaque-data-from-labels", { keys: ["api-key"], useDataFrom: true, labels }],
  ["basic-auth", { secretType: "kubernetes.io/basic-auth", keys: ["username", "password"] }],
  ["basic-auth-data-from-labels", { secretType: "kubernetes.io/basic-auth", keys: ["username", "password"], useDataFrom: true, labels, annotations }],
  ["tls", { secretType: "kubernetes.io/tls", keys: ["tls.crt", "tls.key"] }],
  ["tls-labels", { secretType: "kubernetes.io/tls", keys: ["tls.crt", "tls.key"], labels, annotations }],
  ["dockerconfigjson", { secretType: "kubernetes.io/dockerconfigjson", keys: ["registry", "username", "password"] }],
  ["dockerconfigjson-data-from", { secretType: "kubernetes.io/dockerconfigjson", keys: ["registry", "username", "password"], useDataFrom: true }],
  ["ssh-auth", { secretType: "kubernetes.io/ssh-auth", keys: ["ssh-privatekey"] }],
  ["ssh-auth-labels", { secretType: "kubernetes.io/ssh-auth", keys: ["ssh-privatekey"], labels }],
];

const kustomization = [
  "# Resources of payments-api in dev; keep the store first.",
  "apiVersion: kustomize.config.k8s.io/v1beta1",
  "kind: Kustomization",
  "namespace: payments-dev # set by the platform team",
  "resources:",
  "  # Workloads",
  "  - deployment.yaml",
  "  - service.yaml # ClusterIP",
  "",
].join("\n");

function render(overrides: Partial<RequestManifestFields>, withKustomization = false): string {
  const request: RequestManifestFields = {
    ...sampleRequest,
    description: "Credentials the payments API uses",
    requestUrl: `http://localhost:3000/requests/${sampleRequest.id}`,
    ...overrides,
  };
  const kustomizations = withKustomization ? new Map([["apps/payments-api/dev/kustomization.yaml", kustomization]]) : undefined;
  const files = renderRequestFiles({ config, request, existingPaths: new Set(), kustomizations });
  return files.map((file) => `### ${file.change} ${file.path}\n${file.content}`).join("");
}

function compareWithGolden(name: string, actual: string): void {
  const file = new URL(`${name}.yaml`, GOLDEN_DIR);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (!UPDATE) throw new Error(`Golden file ${name}.yaml was missing and has been written; review it and run again`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("golden manifests", () => {
  it.each(cases)("%s", (name, overrides) => {
    compareWithGolden(name, render(overrides));
  });

  it.each(cases)("%s is CRD-valid", (_name, overrides) => {
    const request = { ...sampleRequest, ...overrides };
    for (const file of renderRequestFiles({ config, request, existingPaths: new Set() })) {
      expect(validateManifest(parseManifests(file.content)[0]), file.path).toEqual({ valid: true, errors: [] });
    }
  });

  it("kustomization edit", () => {
    compareWithGolden("kustomization", render({ keys: ["api-key"] }, true));
  });
});
