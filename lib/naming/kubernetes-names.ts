import { isDns1123Subdomain } from "./dns-names";
import { NamingError } from "./naming-error";

function requireSubdomain(value: string, field: string): string {
  if (!isDns1123Subdomain(value)) {
    throw new NamingError(
      `${field} "${value}" is not a valid Kubernetes name; use at most 253 lowercase letters, digits, ` +
        "'-' and '.', starting and ending with a letter or digit",
    );
  }
  return value;
}

/** Returns the name of the Kubernetes Secret that ESO creates: the requested secret name itself. Throws NamingError if it is not a DNS-1123 subdomain. */
export function kubernetesSecretName(secretName: string): string {
  return requireSubdomain(secretName, "Kubernetes Secret name");
}

/** Returns the ExternalSecret's metadata.name, the same as the Secret name so `kubectl get externalsecret,secret NAME` finds both. */
export function externalSecretName(secretName: string): string {
  return requireSubdomain(secretName, "ExternalSecret name");
}
