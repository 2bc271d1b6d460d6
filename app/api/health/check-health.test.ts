import { describe, expect, it } from "vitest";

import { checkHealth, probeEachRegion, runProbe } from "./check-health";

const pass = async (): Promise<void> => {};
const fail = (message: string) => async (): Promise<void> => {
  throw new Error(message);
};
const hang = (): Promise<void> => new Promise(() => {});

describe("runProbe", () => {
  it("reports a passing probe", async () => {
    const result = await runProbe("database", pass, 1_000);
    expect(result.ok).toBe(true);
    expect(result.error).toBeUndefined();
  });

  it("reports the error of a failing probe", async () => {
    const result = await runProbe("github", fail("GitHub read repository acme/gitops failed with HTTP 401"), 1_000);
    expect(result.ok).toBe(false);
    expect(result.error).toBe("GitHub read repository acme/gitops failed with HTTP 401");
  });

  it("fails a probe that outlives the timeout", async () => {
    const result = await runProbe("secretsManager", hang, 50);
    expect(result.ok).toBe(false);
    expect(result.error).toBe("secretsManager check timed out after 50 ms");
    expect(result.latencyMs).toBeGreaterThanOrEqual(45);
  });
});

describe("checkHealth", () => {
  it("is ok when every probe passes", async () => {
    const report = await checkHealth({ database: pass, github: pass, secretsManager: pass }, 1_000);
    expect(report.status).toBe("ok");
    expect(Object.keys(report.checks).sort()).toEqual(["database", "github", "secretsManager"]);
  });

  it("is degraded when one probe fails", async () => {
    const report = await checkHealth({ database: pass, github: fail("down"), secretsManager: pass }, 1_000);
    expect(report.status).toBe("degraded");
    expect(report.checks.github.ok).toBe(false);
    expect(report.checks.database.ok).toBe(true);
  });
});

describe("probeEachRegion", () => {
  it("probes each distinct region once", async () => {
    const probed: string[] = [];
    await probeEachRegion(["eu-west-1", "eu-west-1", "us-east-1"], async (region) => {
      probed.push(region);
    });
    expect(probed.sort()).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("names every failing region", async () => {
    const probe = async (region: string): Promise<void> => {
      if (region !== "eu-west-1") throw new Error("AccessDeniedException");
    };
    await expect(probeEachRegion(["eu-west-1", "us-east-1", "ap-south-1"], probe)).rejects.toThrow(
      "us-east-1: AccessDeniedException; ap-south-1: AccessDeniedException",
    );
  });
});
