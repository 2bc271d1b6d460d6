import { describe, expect, it } from "vitest";

import { NamingError } from "./naming-error";
import { renderPathTemplate } from "./path-template";

const variables = { environment: "dev", application: "payments-api", name: "database-password", namespace: "payments-dev" };

describe("renderPathTemplate", () => {
  it("renders the ExternalSecret path", () => {
    expect(renderPathTemplate("apps/{application}/{environment}/external-secrets/{name}.yaml", variables)).toBe(
      "apps/payments-api/dev/external-secrets/database-password.yaml",
    );
  });

  it("renders the namespace placeholder", () => {
    expect(renderPathTemplate("clusters/{environment}/{namespace}/store.yaml", variables)).toBe(
      "clusters/dev/payments-dev/store.yaml",
    );
  });

  it.each(["../{name}.yaml", "apps/../../{name}.yaml", "apps/{name}/.."])("rejects traversal in %s", (template) => {
    expect(() => renderPathTemplate(template, variables)).toThrow(/must not contain '\.\.'/);
  });

  it.each(["/etc/{name}.yaml", "\\\\server\\{name}", "C:/{name}.yaml"])("rejects absolute path %s", (template) => {
    expect(() => renderPathTemplate(template, variables)).toThrow(/relative to the repository root/);
  });

  it.each(["..", "../x", "a/b", "a\\b", "", "."])("rejects value %j", (name) => {
    expect(() => renderPathTemplate("apps/{name}.yaml", { ...variables, name })).toThrow(NamingError);
  });

  it.each(["apps//{name}.yaml", "apps/./{name}.yaml", "apps/{name}/"])("rejects empty segment in %s", (template) => {
    expect(() => renderPathTemplate(template, variables)).toThrow(/empty or '\.' segment/);
  });

  it("rejects an unknown placeholder", () => {
    expect(() => renderPathTemplate("apps/{team}/{name}.yaml", variables)).toThrow(/unknown placeholder \{team\}/);
  });
});
