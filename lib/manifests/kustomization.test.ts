import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import {
  addKustomizationResources,
  kustomizationCandidates,
  kustomizationFolders,
  nearestKustomization,
  relativeResourcePath,
} from "./kustomization";
import { ManifestError } from "./manifest-error";

const commented = [
  "# Top comment",
  "apiVersion: kustomize.config.k8s.io/v1beta1",
  "kind: Kustomization",
  "resources:",
  "  # first the workload",
  "  - deployment.yaml # the app",
  "  - service.yaml",
  "# trailing comment about patches",
  "patches: []",
  "",
].join("\n");

describe("addKustomizationResources", () => {
  it("appends after existing entries", () => {
    const text = addKustomizationResources(commented, "k.yaml", ["external-secrets/db.yaml"]) ?? "";
    expect((parse(text) as { resources: string[] }).resources).toEqual(["deployment.yaml", "service.yaml", "external-secrets/db.yaml"]);
  });

  it("keeps every comment", () => {
    const text = addKustomizationResources(commented, "k.yaml", ["a.yaml"]) ?? "";
    for (const comment of ["# Top comment", "# first the workload", "# the app", "# trailing comment about patches"]) {
      expect(text).toContain(comment);
    }
  });

  it("keeps key order", () => {
    const text = addKustomizationResources(commented, "k.yaml", ["a.yaml"]) ?? "";
    expect(Object.keys(parse(text) as object)).toEqual(["apiVersion", "kind", "resources", "patches"]);
  });

  it("changes only the added line", () => {
    const text = addKustomizationResources(commented, "k.yaml", ["a.yaml"]) ?? "";
    expect(text).toBe(commented.replace("  - service.yaml\n", "  - service.yaml\n  - a.yaml\n"));
  });

  it("keeps unindented sequences", () => {
    const original = "resources:\n- deployment.yaml\n";
    expect(addKustomizationResources(original, "k.yaml", ["a.yaml"])).toBe("resources:\n- deployment.yaml\n- a.yaml\n");
  });

  it("keeps flow sequences", () => {
    expect(addKustomizationResources("resources: [a.yaml]\n", "k.yaml", ["b.yaml"])).toBe("resources: [ a.yaml, b.yaml ]\n");
  });

  it("skips listed entries", () => {
    expect(addKustomizationResources(commented, "k.yaml", ["service.yaml"])).toBeNull();
  });

  it("creates a missing resources list", () => {
    const text = addKustomizationResources("kind: Kustomization # note\n", "k.yaml", ["a.yaml"]) ?? "";
    expect(text).toBe("kind: Kustomization # note\nresources:\n  - a.yaml\n");
  });

  it("rejects a non-list resources", () => {
    expect(() => addKustomizationResources("resources: a.yaml\n", "k.yaml", ["b.yaml"])).toThrow(ManifestError);
  });

  it("rejects invalid YAML", () => {
    expect(() => addKustomizationResources("resources: [\n", "k.yaml", ["b.yaml"])).toThrow(/not valid YAML/);
  });

  it("rejects a top-level list", () => {
    expect(() => addKustomizationResources("- a\n", "k.yaml", ["b.yaml"])).toThrow(/not a kustomization/);
  });
});

describe("kustomization lookup", () => {
  it("walks up to the application folder", () => {
    expect(kustomizationFolders("apps/a/dev/external-secrets/x.yaml", "apps/a/dev")).toEqual([
      "apps/a/dev/external-secrets",
      "apps/a/dev",
    ]);
  });

  it("stays in the folder of an outside file", () => {
    expect(kustomizationFolders("other/x.yaml", "apps/a/dev")).toEqual(["other"]);
  });

  it("lists every file name", () => {
    expect(kustomizationCandidates(["apps/a/dev/s.yaml"], "apps/a/dev")).toEqual([
      "apps/a/dev/kustomization.yaml",
      "apps/a/dev/kustomization.yml",
      "apps/a/dev/Kustomization",
    ]);
  });

  it("prefers the nearest", () => {
    const existing = new Set(["apps/a/dev/kustomization.yaml", "apps/a/dev/external-secrets/kustomization.yml"]);
    expect(nearestKustomization("apps/a/dev/external-secrets/x.yaml", "apps/a/dev", existing)).toBe(
      "apps/a/dev/external-secrets/kustomization.yml",
    );
    expect(nearestKustomization("apps/a/dev/secret-store.yaml", "apps/a/dev", existing)).toBe("apps/a/dev/kustomization.yaml");
  });

  it("returns null without one", () => {
    expect(nearestKustomization("apps/a/dev/x.yaml", "apps/a/dev", new Set())).toBeNull();
  });

  it("makes paths relative", () => {
    expect(relativeResourcePath("apps/a/dev/kustomization.yaml", "apps/a/dev/external-secrets/x.yaml")).toBe("external-secrets/x.yaml");
  });
});
