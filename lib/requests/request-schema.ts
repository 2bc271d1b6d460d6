import { z } from "zod";

import { GO_DURATION_PATTERN } from "@/lib/naming/go-duration";
import { validateRequestedSecretMetadata } from "@/lib/naming/kubernetes-metadata";
import { SECRET_TYPE_SPECS, SECRET_TYPES, canGenerate, generatedKeysOf, type SecretType } from "@/lib/manifests/secret-types";
import { SECRET_KEY_MAX_LENGTH, SECRET_KEY_PATTERN } from "@/lib/naming/secret-key";
import { validateSecretName } from "@/lib/naming/secret-name";

import { valuePolicySchema } from "./value-policy";

// One schema for the new-request form in the browser and for the server, so both show
// the same messages. Checks that need the configuration (known environment, allowed
// refresh intervals, the user's applications) run on the server only.

export { SECRET_TYPES, type SecretType };

/** Secret types the form offers. */
export const AVAILABLE_SECRET_TYPES: readonly SecretType[] = SECRET_TYPES;

export const VALUE_SOURCES = ["generated", "custodian"] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

/** Value sources the form offers; whether a type can be generated is checked per type. */
export const AVAILABLE_VALUE_SOURCES: readonly ValueSource[] = VALUE_SOURCES;

export const KEYS_MAX = 20;
export const DESCRIPTION_MIN_LENGTH = 10;
export const DESCRIPTION_MAX_LENGTH = 500;
export const JUSTIFICATION_MAX_LENGTH = 1000;
export const USERNAME_MAX_LENGTH = 253;

function addProblems(context: z.RefinementCtx, problems: string[]): void {
  for (const message of problems) {
    context.addIssue({ code: "custom", message });
  }
}

function quoted(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const secretKeySchema = z
  .string({ error: "Each key must be text, for example `password`" })
  .trim()
  .min(1, { error: "Key names must not be empty; enter a name such as `password` or remove the row", abort: true })
  .max(SECRET_KEY_MAX_LENGTH, {
    error: (issue) => `Key ${quoted(issue.input)} is too long; use at most ${SECRET_KEY_MAX_LENGTH} characters`,
  })
  .regex(SECRET_KEY_PATTERN, {
    error: (issue) =>
      `Key ${quoted(issue.input)} may contain only letters, digits, '-', '_' and '.', for example \`api_key\` or \`tls.crt\``,
  })
  .refine((key) => key !== "." && key !== "..", {
    error: (issue) => `Key ${quoted(issue.input)} is not allowed by Kubernetes; choose a name such as \`password\``,
  });

const metadataMapSchema = z.record(
  z.string(),
  z.string({ error: "Label and annotation values must be text" }),
  { error: "Labels and annotations must be a map of names to text values" },
);

export const newRequestSchema = z.object(
  {
    environment: z
      .string({ error: "Environment is required; choose one from the list" })
      .trim()
      .min(1, "Environment is required; choose one from the list"),
    application: z
      .string({ error: "Application is required; choose one of your applications" })
      .trim()
      .min(1, "Application is required; choose one of your applications"),
    secretName: z
      .string({ error: "Secret name is required; enter a lowercase kebab-case name such as `database-password`" })
      .trim()
      .superRefine((name, context) => addProblems(context, validateSecretName(name))),
    description: z
      .string({ error: "Description is required; say what the secret is for" })
      .trim()
      .min(DESCRIPTION_MIN_LENGTH, `Description must be at least ${DESCRIPTION_MIN_LENGTH} characters; say what the secret is for`)
      .max(DESCRIPTION_MAX_LENGTH, `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters; shorten it`)
      .refine((text) => text.isWellFormed(), "Description contains invalid Unicode characters; retype it"),
    justification: z
      .string({ error: "Justification must be text" })
      .trim()
      .max(JUSTIFICATION_MAX_LENGTH, `Justification must be at most ${JUSTIFICATION_MAX_LENGTH} characters; shorten it`)
      .refine((text) => text.isWellFormed(), "Justification contains invalid Unicode characters; retype it")
      .default(""),
    secretType: z
      .enum(SECRET_TYPES, {
        error: (issue) =>
          `Secret type ${quoted(issue.input)} is unknown; choose one of ${AVAILABLE_SECRET_TYPES.join(", ")}`,
      })
      .refine((type) => AVAILABLE_SECRET_TYPES.includes(type), {
        error: (issue) =>
          `Secret type ${quoted(issue.input)} is not available yet; choose ${AVAILABLE_SECRET_TYPES.join(" or ")}`,
      }),
    keys: z
      .array(secretKeySchema, { error: "Keys are required; add at least one key name such as `password`" })
      .min(1, "Add at least one key name, for example `password`")
      .max(KEYS_MAX, `Use at most ${KEYS_MAX} keys; split the rest into another secret`)
      .superRefine((keys, context) => {
        const seen = new Set<string>();
        keys.forEach((key, index) => {
          if (seen.has(key)) {
            context.addIssue({
              code: "custom",
              path: [index],
              message: `Key "${key}" is listed twice; remove the duplicate`,
            });
          }
          seen.add(key);
        });
      }),
    valueSource: z
      .enum(VALUE_SOURCES, {
        error: (issue) => `Value source ${quoted(issue.input)} is unknown; choose generated or custodian`,
      }),
    refreshInterval: z
      .string({ error: "Refresh interval is required; choose one from the list" })
      .trim()
      .min(1, { error: "Refresh interval is required; choose one from the list", abort: true })
      .regex(GO_DURATION_PATTERN, {
        error: (issue) => `Refresh interval ${quoted(issue.input)} is not a duration; choose one such as 1h or 15m`,
      }),
    labels: metadataMapSchema
      .superRefine((labels, context) => addProblems(context, validateRequestedSecretMetadata(labels, {})))
      .optional(),
    annotations: metadataMapSchema
      .superRefine((annotations, context) => addProblems(context, validateRequestedSecretMetadata({}, annotations)))
      .optional(),
    /** Plain, non-secret username of a basic-auth secret; stored on the request and written into the value. */
    username: z
      .string({ error: "Username must be text" })
      .trim()
      .max(USERNAME_MAX_LENGTH, `Username must be at most ${USERNAME_MAX_LENGTH} characters; shorten it`)
      .refine((text) => text.isWellFormed() && !/[\p{Cc}]/u.test(text), "Username must not contain control characters or broken Unicode; retype it")
      .optional(),
    /** Reads every property of the JSON secret with dataFrom.extract instead of listing the keys. */
    useDataFrom: z.boolean({ error: "Read every key must be on or off" }).default(false),
    /** Generation policy per generated key; keys without one get the configured default. */
    keyPolicies: z
      .record(z.string(), valuePolicySchema, { error: "Value policies must be a map of key names to policies" })
      .optional(),
  },
  { error: "The request must be an object of form fields such as secretName and keys" },
).superRefine((request, context) => checkTypeRules(request, context));

interface TypeRuleFields {
  secretType: SecretType;
  keys: string[];
  valueSource: ValueSource;
  username?: string;
  keyPolicies?: Record<string, unknown>;
}

/** Checks the rules that tie the keys, value source, username and policies to the secret type. */
function checkTypeRules(request: TypeRuleFields, context: z.RefinementCtx): void {
  const spec = SECRET_TYPE_SPECS[request.secretType];

  if (spec.fixedKeys) {
    const expected = [...spec.fixedKeys].sort();
    const actual = [...request.keys].sort();
    if (expected.join("\n") !== actual.join("\n")) {
      context.addIssue({
        code: "custom",
        path: ["keys"],
        message: `A ${spec.type} secret has exactly the keys ${spec.fixedKeys.map((key) => `\`${key}\``).join(", ")}; use these keys`,
      });
    }
  }

  if (request.valueSource === "generated" && !canGenerate(request.secretType)) {
    context.addIssue({
      code: "custom",
      path: ["valueSource"],
      message: `The portal cannot generate a ${spec.type} value; choose "supplied later by a custodian". ${spec.custodianReason ?? ""}`.trim(),
    });
  }

  if (spec.plainKeys.includes("username") && request.valueSource === "generated" && !request.username) {
    context.addIssue({
      code: "custom",
      path: ["username"],
      message: "Username is required for a generated basic-auth secret; enter the account name, such as `app_user`",
    });
  }
  if (request.username && !spec.plainKeys.includes("username")) {
    context.addIssue({ code: "custom", path: ["username"], message: `A ${spec.type} secret has no username; clear the field` });
  }

  const generated = request.valueSource === "generated" ? generatedKeysOf(request.secretType, request.keys) : [];
  for (const key of Object.keys(request.keyPolicies ?? {})) {
    if (!generated.includes(key)) {
      context.addIssue({
        code: "custom",
        path: ["keyPolicies", key],
        message: `Key "${key}" has a value policy but its value is not generated; remove the policy or choose a generated key`,
      });
    }
  }
}

export type NewRequestInput = z.infer<typeof newRequestSchema>;
/** Form values before parsing: optional fields may be missing and text is not yet trimmed. */
export type NewRequestFormValues = z.input<typeof newRequestSchema>;

export interface FormErrors {
  /** Messages per top-level field, such as `secretName` or `keys` (a key's message names the key). */
  fieldErrors: Record<string, string[]>;
  /** Messages that belong to no single field. */
  formErrors: string[];
}

/** Groups a ZodError's messages by top-level field, for showing each next to its form field. */
export function toFormErrors(error: z.ZodError): FormErrors {
  const flattened = z.flattenError(error);
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(flattened.fieldErrors as Record<string, string[] | undefined>)) {
    if (messages && messages.length > 0) fieldErrors[field] = messages;
  }
  return { fieldErrors, formErrors: flattened.formErrors };
}

/** Parses form input into a NewRequestInput, or returns the messages grouped by field. */
export function parseNewRequest(
  input: unknown,
): { success: true; data: NewRequestInput } | { success: false; errors: FormErrors } {
  const result = newRequestSchema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return { success: false, errors: toFormErrors(result.error) };
}
