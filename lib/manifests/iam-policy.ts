import { renderProviderName } from "@/lib/naming/provider-name";

// The IAM policy a namespaced SecretStore's IRSA role needs: read-only access to the
// application's secrets in one environment, and nothing else.

export const STORE_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: Array<{ Sid: string; Effect: "Allow"; Action: string[]; Resource: string }>;
}

/**
 * Returns the secret-name pattern of an application's secrets in an environment, from the
 * provider name template with `*` in place of `{name}`, such as `/dev/payments-api/*`.
 * A trailing `*` is always present, because AWS appends `-` and six characters to every
 * secret ARN.
 */
export function providerNamePattern(template: string, environment: string, application: string): string {
  // A placeholder value that cannot occur in a rendered name marks where {name} goes.
  const marker = "\u0000name\u0000";
  const rendered = renderProviderName(template, { environment, application, name: marker });
  const pattern = rendered.replaceAll(marker, "*");
  return pattern.endsWith("*") ? pattern : `${pattern}*`;
}

/** Builds the IAM policy that limits a store's role to reading the application's secrets in one region and account. */
export function buildStoreReadPolicy(input: { region: string; accountId: string; namePattern: string }): IamPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadApplicationSecrets",
        Effect: "Allow",
        Action: [...STORE_READ_ACTIONS],
        Resource: `arn:aws:secretsmanager:${input.region}:${input.accountId}:secret:${input.namePattern}`,
      },
    ],
  };
}
