import { afterEach, describe, expect, it, vi } from "vitest";

import { assertLocalDatabaseUrl, createTestDatabase } from "./database";

describe("assertLocalDatabaseUrl", () => {
  it.each([
    "postgresql://postgres@127.0.0.1:5432/postgres",
    "postgresql://postgres@localhost/postgres",
    "postgres://postgres:secret@[::1]:5432/postgres",
  ])("accepts %s", (url) => {
    expect(() => assertLocalDatabaseUrl(url)).not.toThrow();
  });

  it("rejects a remote host", () => {
    expect(() => assertLocalDatabaseUrl("postgresql://portal@db.example.com:5432/portal")).toThrow(
      'Tests reject DATABASE_URL with host "db.example.com"',
    );
  });

  it("rejects a remote host parameter", () => {
    expect(() => assertLocalDatabaseUrl("postgresql://portal@localhost/portal?host=db.example.com")).toThrow(
      'host "db.example.com"',
    );
  });

  it("rejects a URL without host", () => {
    expect(() => assertLocalDatabaseUrl("postgresql:///portal")).toThrow("Tests reject DATABASE_URL");
  });

  it("rejects text that is not a URL", () => {
    expect(() => assertLocalDatabaseUrl("not a url")).toThrow("DATABASE_URL is not a valid URL");
  });
});

describe("createTestDatabase", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("rejects a remote DATABASE_URL before connecting", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://portal@db.example.invalid:5432/portal");

    await expect(createTestDatabase()).rejects.toThrow('host "db.example.invalid"');
  });
});
