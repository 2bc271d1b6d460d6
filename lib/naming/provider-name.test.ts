import { describe, expect, it } from "vitest";

import { NamingError } from "./naming-error";
import {
  endsLikeArnSuffix,
  PROVIDER_NAME_MAX_LENGTH,
  providerNameFor,
  renderProviderName,
  validateProviderName,
} from "./provider-name";

const variables = { environment: "dev", application: "payments-api", name: "database-password" };

describe("renderProviderName", () => {
  it("fills the default template", () => {
    expect(renderProviderName("/{environment}/{application}/{name}", variables)).toBe(
      "/dev/payments-api/database-password",
    );
  });

  it("fills a custom template", () => {
    expect(renderProviderName("teams/{application}-{environment}/{name}", variables)).toBe(
      "teams/payments-api-dev/database-password",
    );
  });

  it("does not expand placeholders inside values", () => {
    expect(renderProviderName("/{environment}/{name}", { ...variables, name: "{environment}" })).toBe(
      "/dev/{environment}",
    );
  });

  it("rejects an unknown placeholder", () => {
    expect(() => renderProviderName("/{env}/{name}", variables)).toThrow(NamingError);
  });

  it("names the unknown placeholder", () => {
    expect(() => renderProviderName("/{env}/{name}", variables)).toThrow(/unknown placeholder \{env\}/);
  });

  it("rejects a prototype key placeholder", () => {
    expect(() => renderProviderName("/{constructor}/{name}", variables)).toThrow(/unknown placeholder \{constructor\}/);
  });
});

describe("validateProviderName", () => {
  it("accepts a conventional name", () => {
    expect(validateProviderName("/dev/payments-api/database-password")).toEqual([]);
  });

  it("accepts every allowed punctuation character", () => {
    expect(validateProviderName("a/b_c+d=e.f@g-h")).toEqual([]);
  });

  it.each([" ", "ä", "#", ":", "*", "\n", "{", "😀"])("rejects character %j", (character) => {
    const problems = validateProviderName(`/dev/app/na${character}me`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(JSON.stringify(character));
  });

  it("accepts exactly 512 characters", () => {
    expect(validateProviderName("a".repeat(PROVIDER_NAME_MAX_LENGTH))).toEqual([]);
  });

  it("rejects 513 characters", () => {
    const problems = validateProviderName("a".repeat(PROVIDER_NAME_MAX_LENGTH + 1));
    expect(problems).toEqual([expect.stringContaining("at most 512")]);
  });

  it.each(["/dev/app/db-abc123", "/dev/app/db-ABCDEF", "/dev/app/db-123456", "/dev/app/client-secret"])(
    "rejects ARN suffix lookalike %s",
    (name) => {
      expect(validateProviderName(name)).toEqual([expect.stringContaining("six letters or digits")]);
    },
  );

  it.each(["/dev/app/db-abc12", "/dev/app/db-abc1234", "/dev/app/db_abc123", "/dev/app/dbabc123"])(
    "accepts near miss %s",
    (name) => {
      expect(validateProviderName(name)).toEqual([]);
    },
  );

  it("rejects an empty name", () => {
    expect(validateProviderName("")).toHaveLength(1);
  });

  it("reports several problems at once", () => {
    expect(validateProviderName(`${"é".repeat(600)}-abc123`)).toHaveLength(3);
  });
});

describe("endsLikeArnSuffix", () => {
  it("matches a six-character suffix", () => {
    expect(endsLikeArnSuffix("db-abc123")).toBe(true);
  });

  it("ignores a seven-character suffix", () => {
    expect(endsLikeArnSuffix("db-abc1234")).toBe(false);
  });
});

describe("providerNameFor", () => {
  it("returns a valid name", () => {
    expect(providerNameFor("/{environment}/{application}/{name}", variables)).toBe(
      "/dev/payments-api/database-password",
    );
  });

  it("throws with the problems listed", () => {
    try {
      providerNameFor("/{environment}/{application}/{name}", { ...variables, name: "db-abc123" });
      expect.unreachable("providerNameFor accepted db-abc123");
    } catch (error) {
      expect(error).toBeInstanceOf(NamingError);
      expect((error as NamingError).problems).toHaveLength(1);
    }
  });
});
