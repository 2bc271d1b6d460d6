import { z } from "zod";

// How the portal generates one key's value. Browser-safe, so the form checks a policy with
// the same rules as the server. The policy is stored on the request; the value never is.

export const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
export const UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const DIGITS = "0123456789";
/** The punctuation set of Secrets Manager's GetRandomPassword. */
export const SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/** Characters that break a password inside a connection URL such as `postgres://user:pass@host/db`. */
export const URL_RESERVED = "%@/:";

/** Length bounds: 4096 is the PasswordLength limit the Secrets Manager simulator enforces, and 8 is a floor for any secret. */
export const VALUE_LENGTH_MIN = 8;
export const VALUE_LENGTH_MAX = 4096;

export const valuePolicySchema = z
  .object({
    length: z
      .number({ error: "Length must be a whole number of characters" })
      .int({ error: "Length must be a whole number of characters" })
      .min(VALUE_LENGTH_MIN, { error: `Length must be at least ${VALUE_LENGTH_MIN} characters` })
      .max(VALUE_LENGTH_MAX, { error: `Length must be at most ${VALUE_LENGTH_MAX} characters` }),
    lowercase: z.boolean().default(true),
    uppercase: z.boolean().default(true),
    digits: z.boolean().default(true),
    symbols: z.boolean().default(false),
    excludeCharacters: z
      .string()
      .max(256, { error: "Characters to exclude: list at most 256 characters" })
      .default(""),
    /** Allows `%`, `@`, `/` and `:`, which break a value used inside a connection URL. */
    allowUrlReserved: z.boolean().default(false),
  })
  .superRefine((policy, context) => {
    const classes = includedClasses(policy);
    if (classes.length === 0) {
      context.addIssue({ code: "custom", message: "Choose at least one character class: lowercase, uppercase, digits or symbols" });
      return;
    }
    for (const [name, characters] of classes) {
      if (allowedCharacters(policy, characters).length === 0) {
        context.addIssue({ code: "custom", message: `Every ${name} character is excluded; exclude fewer or turn ${name} off` });
      }
    }
    if (policy.length < classes.length) {
      context.addIssue({ code: "custom", message: `Length must be at least ${classes.length}, one character of each chosen class` });
    }
  });

export type ValuePolicy = z.infer<typeof valuePolicySchema>;
export type ValuePolicyInput = z.input<typeof valuePolicySchema>;

export const DEFAULT_VALUE_POLICY: ValuePolicy = {
  length: 40,
  lowercase: true,
  uppercase: true,
  digits: true,
  symbols: false,
  excludeCharacters: "",
  allowUrlReserved: false,
};

function includedClasses(policy: Omit<ValuePolicy, "length" | "excludeCharacters" | "allowUrlReserved">): Array<[string, string]> {
  const classes: Array<[string, string]> = [];
  if (policy.lowercase) classes.push(["lowercase", LOWERCASE]);
  if (policy.uppercase) classes.push(["uppercase", UPPERCASE]);
  if (policy.digits) classes.push(["digit", DIGITS]);
  if (policy.symbols) classes.push(["symbol", SYMBOLS]);
  return classes;
}

function allowedCharacters(policy: Pick<ValuePolicy, "excludeCharacters" | "allowUrlReserved">, characters: string): string {
  const excluded = new Set([...policy.excludeCharacters, ...(policy.allowUrlReserved ? "" : URL_RESERVED)]);
  return [...characters].filter((character) => !excluded.has(character)).join("");
}

/** Lists the characters of each chosen class that a value may contain, after every exclusion. */
export function characterClasses(policy: ValuePolicy): string[] {
  return includedClasses(policy).map(([, characters]) => allowedCharacters(policy, characters));
}

/** Returns the characters to exclude (the requested ones, plus `%@/:` unless allowed) for GetRandomPassword's ExcludeCharacters. */
export function excludedCharacters(policy: ValuePolicy): string {
  const excluded = new Set([...policy.excludeCharacters]);
  if (!policy.allowUrlReserved) for (const character of URL_RESERVED) excluded.add(character);
  return [...excluded].join("");
}

/** Describes a policy in one line for the form and the pull request, such as "40 characters: a-z, A-Z, 0-9". */
export function describeValuePolicy(policy: ValuePolicy): string {
  const classes: string[] = [];
  if (policy.lowercase) classes.push("a-z");
  if (policy.uppercase) classes.push("A-Z");
  if (policy.digits) classes.push("0-9");
  if (policy.symbols) classes.push(policy.allowUrlReserved ? "symbols" : "symbols except % @ / :");
  const excluded = policy.excludeCharacters ? `, excluding ${JSON.stringify(policy.excludeCharacters)}` : "";
  return `${policy.length} characters: ${classes.join(", ")}${excluded}`;
}
