import { NamingError } from "./naming-error";
import { fillPlaceholders } from "./placeholders";

// Limits of the Name parameter of the AWS Secrets Manager CreateSecret API.
export const PROVIDER_NAME_MAX_LENGTH = 512;
const PROVIDER_NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]+$/;
const PROVIDER_NAME_FORBIDDEN_CHARACTER = /[^A-Za-z0-9/_+=.@-]/gu;

// Secrets Manager appends a hyphen and six random letters or digits to every secret ARN,
// so a name that already ends that way is ambiguous when a secret is looked up by partial ARN.
const ARN_SUFFIX_LOOKALIKE = /-[A-Za-z0-9]{6}$/;

export interface ProviderNameVariables {
  environment: string;
  application: string;
  name: string;
}

/** Checks whether `name` ends in a hyphen and six letters or digits, like the suffix AWS appends to secret ARNs (`db-abc123`). */
export function endsLikeArnSuffix(name: string): boolean {
  return ARN_SUFFIX_LOOKALIKE.test(name);
}

/**
 * Renders the Secrets Manager secret name from `providerNameTemplate`, for example
 * `/dev/payments-api/database-password`. Throws NamingError for an unknown placeholder;
 * call validateProviderName on the result before using it.
 */
export function renderProviderName(template: string, variables: ProviderNameVariables): string {
  return fillPlaceholders(
    template,
    { environment: variables.environment, application: variables.application, name: variables.name },
    "Provider name template",
  );
}

/** Lists every AWS Secrets Manager naming rule that `name` breaks; an empty list means it is valid. */
export function validateProviderName(name: string): string[] {
  if (name.length === 0) {
    return ["Provider name is empty; check providerNameTemplate in the portal configuration"];
  }

  const problems: string[] = [];

  if (!PROVIDER_NAME_CHARACTERS.test(name)) {
    const forbidden = [...new Set(name.match(PROVIDER_NAME_FORBIDDEN_CHARACTER) ?? [])]
      .map((character) => JSON.stringify(character))
      .join(", ");
    problems.push(
      `Provider name "${name}" contains characters AWS Secrets Manager does not allow (${forbidden}); ` +
        "use only ASCII letters, digits and / _ + = . @ -",
    );
  }

  if (name.length > PROVIDER_NAME_MAX_LENGTH) {
    problems.push(
      `Provider name is ${name.length} characters long but AWS Secrets Manager allows at most ` +
        `${PROVIDER_NAME_MAX_LENGTH}; shorten the secret name or providerNameTemplate`,
    );
  }

  if (endsLikeArnSuffix(name)) {
    problems.push(
      `Provider name "${name}" ends in a hyphen followed by six letters or digits, which AWS confuses ` +
        "with the random suffix it appends to secret ARNs; change the end of the secret name",
    );
  }

  return problems;
}

/** Renders and validates the provider name in one step; throws NamingError listing every problem. */
export function providerNameFor(template: string, variables: ProviderNameVariables): string {
  const name = renderProviderName(template, variables);
  const problems = validateProviderName(name);
  if (problems.length > 0) {
    throw new NamingError(problems.join("; "), problems);
  }
  return name;
}
