import { z } from "zod";

import { goDurationSeconds } from "@/lib/naming/go-duration";
import { VALUE_LENGTH_MAX, VALUE_LENGTH_MIN, valuePolicySchema } from "@/lib/requests/value-policy";

import { POLICY_RULE_IDS } from "@/lib/policy/rule-catalog";

// Shapes of portal.config.yaml. The file is parsed once at start-up, and every error
// names the key path so an operator can find it in the YAML.

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS-1123 label (a-z, 0-9, '-')")
  .max(63);

const teamSlug = z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a GitHub team slug or an OIDC group name");

const durationPattern = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export const refreshIntervalSchema = z
  .string()
  .regex(durationPattern, "must be a Go duration such as 1h, 30m or 15m30s");

export const environmentConfigSchema = z.object({
  name: dnsLabel,
  description: z.string().optional(),
  production: z.boolean().default(false),
  awsRegion: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, "must be an AWS region such as eu-west-1"),
  awsAccountId: z.string().regex(/^[0-9]{12}$/, "must be a 12-digit AWS account id"),
  kmsKeyId: z.string().min(1, "must name the KMS key, alias or ARN that encrypts this environment's secrets"),
  refreshInterval: z
    .object({
      default: refreshIntervalSchema.default("1h"),
      choices: z.array(refreshIntervalSchema).min(1).default(["15m", "1h", "6h", "24h"]),
      // Bounds every request and every hand-written ExternalSecret must stay within.
      min: refreshIntervalSchema.default("5m"),
      max: refreshIntervalSchema.default("24h"),
    })
    .prefault({})
    .superRefine((interval, ctx) => {
      const min = goDurationSeconds(interval.min) ?? 0;
      const max = goDurationSeconds(interval.max) ?? 0;
      if (min > max) ctx.addIssue({ code: "custom", path: ["min"], message: `must not be longer than max (${interval.max})` });
      const checked: Array<[Array<string | number>, string]> = [
        [["default"], interval.default],
        ...interval.choices.map((choice, index): [Array<string | number>, string] => [["choices", index], choice]),
      ];
      for (const [path, value] of checked) {
        const seconds = goDurationSeconds(value) ?? 0;
        if (seconds < min || seconds > max) {
          ctx.addIssue({ code: "custom", path, message: `${value} is outside the bounds ${interval.min} to ${interval.max}` });
        }
      }
      if (!interval.choices.includes(interval.default)) {
        ctx.addIssue({ code: "custom", path: ["default"], message: `${interval.default} must be one of the choices ${interval.choices.join(", ")}` });
      }
    }),
  // Checked on the merged pull request before provisioning, as a second line behind
  // branch protection. mergerMayBeRequester defaults to false in production environments
  // and true elsewhere (see requiredApprovals in lib/requests/four-eyes.ts).
  approvals: z
    .object({
      required: z.number().int().min(0).max(10).default(1),
      mergerMayBeRequester: z.boolean().optional(),
    })
    .prefault({}),
});

export const applicationConfigSchema = z.object({
  name: dnsLabel,
  description: z.string().optional(),
  owningTeam: teamSlug,
  custodianTeam: teamSlug.optional(),
  namespaces: z.record(z.string(), dnsLabel),
});

export const gitopsConfigSchema = z.object({
  owner: z.string().min(1),
  repo: z.string().min(1),
  baseBranch: z.string().min(1).default("main"),
  branchPrefix: z.string().default("secrets-portal/"),
  paths: z
    .object({
      externalSecret: z.string().default("apps/{application}/{environment}/external-secrets/{name}.yaml"),
      secretStore: z.string().default("apps/{application}/{environment}/secret-store.yaml"),
    })
    .prefault({}),
  labels: z.array(z.string().min(1)).default(["secrets-portal"]),
  reviewers: z
    .object({
      users: z.array(z.string().min(1)).default([]),
      teams: z.array(teamSlug).default([]),
    })
    .prefault({}),
});

export const secretStoreConfigSchema = z
  .object({
    name: dnsLabel.default("secrets-portal"),
    serviceAccount: dnsLabel.default("external-secrets"),
  })
  .prefault({});

// Policy rules that reviewers and the `npm run policy` CLI apply to requests and manifests.
export const policyConfigSchema = z
  .object({
    clusterSecretStores: z
      .object({
        // ClusterSecretStores can read any namespace's secrets, so they are refused by default.
        allowed: z.boolean().default(false),
        // When allowed: the only ClusterSecretStore names that may be used; empty allows any name.
        names: z.array(z.string().min(1)).default([]),
      })
      .prefault({}),
    justification: z
      .object({
        minLength: z.number().int().min(1).max(1000).default(20),
        requiredIn: z.enum(["production", "all", "none"]).default("production"),
      })
      .prefault({}),
    // Severity per rule id: error (blocks), warning (reported only) or off.
    rules: z.partialRecord(z.enum(POLICY_RULE_IDS), z.enum(["error", "warning", "off"])).default({}),
  })
  .prefault({});

// Secrets Manager pricing for the cost estimate in the form and the pull request body.
export const costsConfigSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code such as USD").default("USD"),
    // Price of 10,000 Secrets Manager API calls; check the AWS price list for your region.
    pricePer10kApiCalls: z.number().nonnegative().default(0.05),
  })
  .prefault({});

// Generated values: the policy a key gets unless the requester sets one, and the shortest allowed.
export const generatedValuesConfigSchema = z
  .object({
    defaultPolicy: valuePolicySchema.prefault({ length: 40 }),
    minLength: z.number().int().min(VALUE_LENGTH_MIN).max(VALUE_LENGTH_MAX).default(16),
  })
  .prefault({});

export const rotationConfigSchema = z
  .object({
    // Secrets whose value last changed (provisioning, rotation or a custodian's new value)
    // more than this many days ago are listed on the Rotation page.
    maxAgeDays: z.number().int().min(1).max(3650).default(90),
  })
  .prefault({});

export const personaSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  login: z.string().min(1),
  email: z.email(),
  teams: z.array(teamSlug),
  description: z.string().optional(),
});

export const authConfigSchema = z
  .object({
    // "sandbox" offers the demo personas and is refused in production.
    providers: z.array(z.enum(["sandbox", "github", "oidc"])).min(1).default(["sandbox"]),
    github: z
      .object({
        // Organization whose team slugs the `teams` and `applications` keys name.
        org: z.string().regex(/^[A-Za-z0-9-]+$/, "must be a GitHub organization login"),
      })
      .optional(),
    oidc: z
      .object({
        issuer: z.url(),
        clientId: z.string().min(1),
        // Claim in the ID token (or userinfo) that lists the user's groups.
        groupsClaim: z.string().min(1).default("groups"),
        // Scopes requested at sign-in; add the one your provider needs for the groups claim.
        scope: z.string().min(1).default("openid profile email"),
        displayName: z.string().min(1).default("single sign-on"),
      })
      .optional(),
    // Minutes between membership checks of a signed-in user; leaving a team takes effect after at most this long.
    membershipRefreshMinutes: z.number().int().min(1).max(24 * 60).default(10),
  })
  .prefault({})
  .superRefine((auth, ctx) => {
    if (auth.providers.includes("github") && !auth.github) {
      ctx.addIssue({ code: "custom", path: ["github", "org"], message: 'is missing: the "github" provider needs the organization' });
    }
    if (auth.providers.includes("oidc") && !auth.oidc) {
      ctx.addIssue({ code: "custom", path: ["oidc"], message: 'is missing: the "oidc" provider needs issuer and clientId' });
    }
  });

export const portalConfigSchema = z
  .object({
    environments: z.array(environmentConfigSchema).min(1),
    applications: z.array(applicationConfigSchema).min(1),
    gitops: gitopsConfigSchema,
    providerNameTemplate: z.string().default("/{environment}/{application}/{name}"),
    secretStore: secretStoreConfigSchema,
    rotation: rotationConfigSchema,
    costs: costsConfigSchema,
    generatedValues: generatedValuesConfigSchema,
    policy: policyConfigSchema,
    teams: z.object({
      platform: teamSlug,
      security: teamSlug,
    }),
    sandbox: z
      .object({
        personas: z.array(personaSchema).default([]),
      })
      .prefault({}),
    auth: authConfigSchema,
  })
  .superRefine((config, ctx) => {
    const environmentNames = new Set(config.environments.map((environment) => environment.name));
    config.applications.forEach((application, index) => {
      for (const environment of environmentNames) {
        if (!application.namespaces[environment]) {
          ctx.addIssue({
            code: "custom",
            path: ["applications", index, "namespaces", environment],
            message: `is missing: application "${application.name}" needs a namespace for environment "${environment}"`,
          });
        }
      }
      for (const key of Object.keys(application.namespaces)) {
        if (!environmentNames.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["applications", index, "namespaces", key],
            message: `names unknown environment "${key}"; known: ${[...environmentNames].join(", ")}`,
          });
        }
      }
    });
    for (const placeholder of ["{environment}", "{application}", "{name}"]) {
      if (!config.providerNameTemplate.includes(placeholder)) {
        ctx.addIssue({
          code: "custom",
          path: ["providerNameTemplate"],
          message: `must contain ${placeholder}`,
        });
      }
    }
  });

export type PortalConfig = z.infer<typeof portalConfigSchema>;
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
export type ApplicationConfig = z.infer<typeof applicationConfigSchema>;
export type Persona = z.infer<typeof personaSchema>;
export type AuthConfig = z.infer<typeof authConfigSchema>;
export type PolicyConfig = z.infer<typeof policyConfigSchema>;
