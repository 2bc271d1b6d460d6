import { randomInt } from "node:crypto";

import { invalidParameter } from "./aws-error";
import type { OperationHandler } from "./operation-context";
import { RequestReader } from "./request-reader";

// GetRandomPassword with the character classes AWS documents. With RequireEachIncludedType
// (the default) the password contains at least one character of each included class among
// lowercase, uppercase, digits and punctuation.

const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const DEFAULT_LENGTH = 32;

export interface PasswordOptions {
  length: number;
  excludeCharacters: string;
  excludeNumbers: boolean;
  excludePunctuation: boolean;
  excludeUppercase: boolean;
  excludeLowercase: boolean;
  includeSpace: boolean;
  requireEachIncludedType: boolean;
}

function pick(characters: string): string {
  return characters[randomInt(characters.length)] ?? "";
}

export function generatePassword(options: PasswordOptions): string {
  const excluded = new Set(options.excludeCharacters);
  const keep = (characters: string): string => [...characters].filter((character) => !excluded.has(character)).join("");

  const requiredClasses = [
    options.excludeLowercase ? "" : keep(LOWERCASE),
    options.excludeUppercase ? "" : keep(UPPERCASE),
    options.excludeNumbers ? "" : keep(DIGITS),
    options.excludePunctuation ? "" : keep(PUNCTUATION),
  ].filter((characters) => characters.length > 0);
  const space = options.includeSpace ? keep(" ") : "";
  const alphabet = requiredClasses.join("") + space;

  // NOTE: the wording of both messages below is not confirmed against AWS.
  if (alphabet.length === 0) {
    throw invalidParameter("The password has no characters to choose from: every character type is excluded.");
  }
  const required = options.requireEachIncludedType ? requiredClasses : [];
  if (options.length < required.length) {
    throw invalidParameter("Password length is too short based on the required types.");
  }

  const characters = required.map(pick);
  while (characters.length < options.length) characters.push(pick(alphabet));

  // Fisher-Yates shuffle, so the required characters do not sit at the front.
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] ?? "", characters[i] ?? ""];
  }
  return characters.join("");
}

export const getRandomPassword: OperationHandler = (_context, input) => {
  const reader = new RequestReader(input);
  const options: PasswordOptions = {
    length: reader.integer("PasswordLength", { min: 1, max: 4096 }) ?? DEFAULT_LENGTH,
    excludeCharacters: reader.string("ExcludeCharacters", { max: 4096 }) ?? "",
    excludeNumbers: reader.boolean("ExcludeNumbers") ?? false,
    excludePunctuation: reader.boolean("ExcludePunctuation") ?? false,
    excludeUppercase: reader.boolean("ExcludeUppercase") ?? false,
    excludeLowercase: reader.boolean("ExcludeLowercase") ?? false,
    includeSpace: reader.boolean("IncludeSpace") ?? false,
    requireEachIncludedType: reader.boolean("RequireEachIncludedType") ?? true,
  };
  reader.finish();

  return { RandomPassword: generatePassword(options) };
};
