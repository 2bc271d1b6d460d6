import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { startTestSandbox, type TestSandbox } from "@/test-support/services";

import { previewRequest } from "./preview-request";
import { PREVIEW_REQUEST_ID } from "./preview-types";
import { renderRequestChanges } from "./render-request-changes";

let sandbox: TestSandbox;
let developer: Actor;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const dana = await sandbox.services.db.user.create({ data: { login: "dana-dev", name: "Dana Developer" } });
  developer = resolveActor({ userId: dana.id, login: dana.login, name: dana.name, teams: ["payments"] }, sandbox.services.config);
});

afterAll(async () => {
  await sandbox?.close();
});

const fields = {
  id: PREVIEW_REQUEST_ID,
  environment: "dev",
  application: "payments-api",
  secretName: "database-password",
  namespace: "payments-dev",
  providerName: "/dev/payments-api/database-password",
  keys: ["password"],
  refreshInterval: "1h",
};

const formInput = {
  environment: "dev",
  application: "payments-api",
  secretName: "tls-cert",
  description: "Certificate for the payments API ingress",
  secretType: "kubernetes.io/tls",
  keys: ["tls.crt", "tls.key"],
  valueSource: "custodian",
  refreshInterval: "1h",
};

describe("renderRequestChanges", () => {
  it("lists new files in the kustomization", async () => {
    const files = await renderRequestChanges(sandbox.services, fields);
    const kustomization = files.find((file) => file.kind === "Kustomization");
    expect(kustomization?.path).toBe("apps/payments-api/dev/kustomization.yaml");
    expect(kustomization?.change).toBe("modified");
    expect((parse(kustomization?.content ?? "") as { resources: string[] }).resources).toEqual([
      "deployment.yaml",
      "external-secrets/database-password.yaml",
      "secret-store.yaml",
    ]);
  });

  it("keeps the kustomization comments", async () => {
    const files = await renderRequestChanges(sandbox.services, fields);
    const content = files.find((file) => file.kind === "Kustomization")?.content ?? "";
    expect(content).toContain("# The workload first, then what it needs.");
    expect(content).toContain("namespace: payments-dev # every resource below lands here");
  });

  it("leaves folders without kustomization alone", async () => {
    const files = await renderRequestChanges(sandbox.services, {
      ...fields,
      application: "checkout-web",
      namespace: "checkout-dev",
      providerName: "/dev/checkout-web/database-password",
    });
    expect(files.map((file) => file.kind)).toEqual(["ExternalSecret", "SecretStore"]);
  });
});

describe("previewRequest", () => {
  it("renders a TLS request", async () => {
    const preview = await previewRequest(sandbox.services, developer, formInput);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.providerName).toBe("/dev/payments-api/tls-cert");
    expect(preview.files.map((file) => file.path)).toEqual([
      "apps/payments-api/dev/external-secrets/tls-cert.yaml",
      "apps/payments-api/dev/secret-store.yaml",
      "apps/payments-api/dev/kustomization.yaml",
    ]);
    expect(preview.files[0]?.content).toContain("type: kubernetes.io/tls");
  });

  it("reports invalid input", async () => {
    const preview = await previewRequest(sandbox.services, developer, { ...formInput, valueSource: "generated" });
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.message).toContain("cannot generate a kubernetes.io/tls value");
  });

  it("rejects another team's application", async () => {
    await expect(previewRequest(sandbox.services, developer, { ...formInput, application: "checkout-web" })).rejects.toThrow(
      /not a member of the team/,
    );
  });
});
