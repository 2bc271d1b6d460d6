import { DNS1123_LABEL_MAX_LENGTH } from "./dns-names";
import { endsLikeArnSuffix } from "./provider-name";

// At most 63 characters keeps the name a DNS-1123 label, the strictest Kubernetes name
// format, so it is valid as a Secret name, an ExternalSecret name and a label value, and
// `/{environment}/{application}/{name}` stays far below the 512-character AWS limit.
export const SECRET_NAME_MAX_LENGTH = DNS1123_LABEL_MAX_LENGTH;
export const SECRET_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Lists every rule the requested secret name breaks; an empty list means it is valid.
 * The same name becomes the Kubernetes Secret name, the ExternalSecret name and the last
 * part of the Secrets Manager name.
 */
export function validateSecretName(name: string): string[] {
  if (name.length === 0) {
    return ["Secret name is required; enter a lowercase kebab-case name such as `database-password`"];
  }

  const problems: string[] = [];

  if (name.length > SECRET_NAME_MAX_LENGTH) {
    problems.push(
      `Secret name is ${name.length} characters long; shorten it to at most ${SECRET_NAME_MAX_LENGTH} characters`,
    );
  }

  if (!SECRET_NAME_PATTERN.test(name)) {
    problems.push(
      "Secret name must be lowercase kebab-case (a-z, 0-9 and single hyphens, not at the start or end), " +
        "for example `database-password`",
    );
  } else if (endsLikeArnSuffix(name)) {
    problems.push(
      `Secret name "${name}" must not end in a hyphen followed by six letters or digits, because AWS ` +
        "appends such a suffix to secret ARNs; lengthen or shorten the last part, for example " +
        `\`${name}-key\` or \`${name.replace(/-([a-z0-9]{6})$/, "$1")}\``,
    );
  }

  return problems;
}
