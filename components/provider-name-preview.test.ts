import { describe, expect, it } from "vitest";

import { previewProviderName } from "./provider-name-preview";

const TEMPLATE = "/{environment}/{application}/{name}";

describe("previewProviderName", () => {
  it("fills every part", () => {
    expect(previewProviderName(TEMPLATE, { environment: "dev", application: "payments-api", name: "db-password" })).toBe(
      "/dev/payments-api/db-password",
    );
  });

  it("keeps placeholders for empty parts", () => {
    expect(previewProviderName(TEMPLATE, { environment: "dev", application: "", name: " " })).toBe("/dev/{application}/{name}");
  });

  it("trims the typed name", () => {
    expect(previewProviderName(TEMPLATE, { environment: "dev", application: "a", name: " api-key " })).toBe("/dev/a/api-key");
  });

  it("returns null for an unknown placeholder", () => {
    expect(previewProviderName("/{team}/{name}", { environment: "dev", application: "a", name: "b" })).toBeNull();
  });
});
