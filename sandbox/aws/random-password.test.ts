import { GetRandomPasswordCommand, type GetRandomPasswordCommandInput, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SecretsManagerSimulator } from "./server";
import { clientFor, failureOf, startTestSimulator } from "./test-helpers";

const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

let simulator: SecretsManagerSimulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  simulator = await startTestSimulator();
  client = clientFor(simulator.url);
});

afterAll(async () => {
  client.destroy();
  await simulator.close();
});

async function password(input: GetRandomPasswordCommandInput): Promise<string> {
  const output = await client.send(new GetRandomPasswordCommand(input));
  return output.RandomPassword ?? "";
}

describe("GetRandomPassword", () => {
  it("defaults to 32 characters of every type", async () => {
    const value = await password({});

    expect(value).toHaveLength(32);
    expect(value).toMatch(/[a-z]/);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[0-9]/);
    expect([...value].some((character) => PUNCTUATION.includes(character))).toBe(true);
    expect(value).not.toContain(" ");
  });

  it("honours PasswordLength", async () => {
    expect(await password({ PasswordLength: 4 })).toHaveLength(4);
    expect(await password({ PasswordLength: 4096 })).toHaveLength(4096);
  });

  it("leaves out excluded characters", async () => {
    const excluded = "aeiouAEIOU0123!@#$%";
    const values = await Promise.all(Array.from({ length: 20 }, () => password({ PasswordLength: 200, ExcludeCharacters: excluded })));

    for (const value of values) {
      expect([...value].filter((character) => excluded.includes(character))).toEqual([]);
    }
  });

  it("leaves out excluded types", async () => {
    const value = await password({ PasswordLength: 500, ExcludeNumbers: true, ExcludePunctuation: true, ExcludeUppercase: true });

    expect(value).toMatch(/^[a-z]{500}$/);
  });

  it("excludes lowercase letters", async () => {
    const value = await password({ PasswordLength: 500, ExcludeLowercase: true });

    expect(value).not.toMatch(/[a-z]/);
  });

  it("includes spaces when asked", async () => {
    const value = await password({ PasswordLength: 2000, IncludeSpace: true, ExcludePunctuation: true });

    expect(value).toContain(" ");
  });

  it("requires each included type in short passwords", async () => {
    const values = await Promise.all(Array.from({ length: 20 }, () => password({ PasswordLength: 4 })));

    for (const value of values) {
      expect(value).toMatch(/[a-z]/);
      expect(value).toMatch(/[A-Z]/);
      expect(value).toMatch(/[0-9]/);
    }
  });

  it("rejects a length below the required types", async () => {
    const error = await failureOf(client.send(new GetRandomPasswordCommand({ PasswordLength: 3 })));

    expect(error.name).toBe("InvalidParameterException");
  });

  it("rejects a length out of range", async () => {
    const tooLong = await failureOf(client.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })));
    const zero = await failureOf(client.send(new GetRandomPasswordCommand({ PasswordLength: 0 })));

    expect(tooLong.name).toBe("ValidationException");
    expect(tooLong.message).toBe("1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096");
    expect(zero.name).toBe("ValidationException");
  });

  it("rejects excluding every character", async () => {
    const error = await failureOf(
      client.send(new GetRandomPasswordCommand({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })),
    );

    expect(error.name).toBe("InvalidParameterException");
  });
});
