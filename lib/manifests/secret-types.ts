// The Kubernetes Secret types the portal writes, with the keys each one needs. Browser-safe:
// the request form, the schema and the manifest builders all read this one table.

export const SECRET_TYPES = [
  "Opaque",
  "kubernetes.io/basic-auth",
  "kubernetes.io/tls",
  "kubernetes.io/dockerconfigjson",
  "kubernetes.io/ssh-auth",
] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

export interface SecretTypeSpec {
  type: SecretType;
  /** Short name for the form. */
  title: string;
  /**
   * Properties of the JSON secret in Secrets Manager, or null when the requester names them.
   * For every type but dockerconfigjson they are also the Kubernetes Secret's keys.
   */
  fixedKeys: readonly string[] | null;
  /** Keys the portal can generate a random value for; the rest need a custodian or a plain input. */
  generatedKeys: "all" | readonly string[];
  /** Non-secret keys the requester types into the form, such as a basic-auth username. */
  plainKeys: readonly string[];
  /** Keys of the resulting Kubernetes Secret when a template reshapes the data. */
  templateDataKeys: readonly string[];
  /** Reason a custodian supplies the value, for types the portal cannot generate. */
  custodianReason?: string;
}

export const SECRET_TYPE_SPECS: Readonly<Record<SecretType, SecretTypeSpec>> = {
  Opaque: {
    type: "Opaque",
    title: "Opaque (named keys)",
    fixedKeys: null,
    generatedKeys: "all",
    plainKeys: [],
    templateDataKeys: [],
  },
  "kubernetes.io/basic-auth": {
    type: "kubernetes.io/basic-auth",
    title: "Basic authentication (username and password)",
    fixedKeys: ["username", "password"],
    generatedKeys: ["password"],
    plainKeys: ["username"],
    templateDataKeys: [],
  },
  "kubernetes.io/tls": {
    type: "kubernetes.io/tls",
    title: "TLS certificate and key",
    fixedKeys: ["tls.crt", "tls.key"],
    generatedKeys: [],
    plainKeys: [],
    templateDataKeys: [],
    custodianReason: "A certificate must be issued by a certificate authority, so a custodian supplies it.",
  },
  "kubernetes.io/dockerconfigjson": {
    type: "kubernetes.io/dockerconfigjson",
    title: "Container registry credentials",
    fixedKeys: ["registry", "username", "password"],
    generatedKeys: [],
    plainKeys: [],
    templateDataKeys: [".dockerconfigjson"],
    custodianReason: "Registry credentials are issued by the registry, so a custodian supplies them.",
  },
  "kubernetes.io/ssh-auth": {
    type: "kubernetes.io/ssh-auth",
    title: "SSH private key",
    fixedKeys: ["ssh-privatekey"],
    generatedKeys: [],
    plainKeys: [],
    templateDataKeys: [],
    custodianReason: "The key pair's public half must be registered with the remote host, so a custodian supplies the key.",
  },
};

export function isSecretType(value: string): value is SecretType {
  return (SECRET_TYPES as readonly string[]).includes(value);
}

/** Checks whether the portal can generate every secret key of the type (plain keys come from the form). */
export function canGenerate(type: SecretType): boolean {
  const spec = SECRET_TYPE_SPECS[type];
  if (spec.generatedKeys === "all") return true;
  const fixed = spec.fixedKeys ?? [];
  return fixed.every((key) => spec.generatedKeys.includes(key) || spec.plainKeys.includes(key)) && spec.generatedKeys.length > 0;
}

/** Returns the keys whose values the portal generates for a request of this type. */
export function generatedKeysOf(type: SecretType, keys: readonly string[]): string[] {
  const spec = SECRET_TYPE_SPECS[type];
  if (spec.generatedKeys === "all") return [...keys];
  return keys.filter((key) => spec.generatedKeys.includes(key));
}
