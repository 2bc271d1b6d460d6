// Types of the manifests the portal generates: the subset of the ESO v1 API it writes,
// not the whole CRD. crd-schemas.ts validates the result against the real CRDs.

export const ESO_API_VERSION = "external-secrets.io/v1";

export interface ObjectMetadata {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ExternalSecretDataEntry {
  /** Key in the Kubernetes Secret. */
  secretKey: string;
  /** The Secrets Manager secret (`key`) and the JSON property in its value (`property`). */
  remoteRef: { key: string; property: string };
}

/** `dataFrom.extract`: every property of the JSON secret becomes a Secret key. */
export interface ExternalSecretDataFromEntry {
  extract: { key: string };
}

export interface ExternalSecretTargetTemplate {
  type?: string;
  /** Template engine; v2 is ESO's only supported engine and renders Go templates with Sprig functions. */
  engineVersion?: "v2";
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  /** Secret keys built from Go templates over the fetched keys; replaces the fetched keys. */
  data?: Record<string, string>;
}

export interface ExternalSecretManifest {
  apiVersion: typeof ESO_API_VERSION;
  kind: "ExternalSecret";
  metadata: ObjectMetadata;
  spec: {
    refreshInterval: string;
    secretStoreRef: { name: string; kind: "SecretStore" };
    target: {
      name: string;
      creationPolicy: "Owner";
      deletionPolicy: "Retain";
      template?: ExternalSecretTargetTemplate;
    };
    data?: ExternalSecretDataEntry[];
    dataFrom?: ExternalSecretDataFromEntry[];
  };
}

export interface SecretStoreManifest {
  apiVersion: typeof ESO_API_VERSION;
  kind: "SecretStore";
  metadata: ObjectMetadata;
  spec: {
    provider: {
      aws: {
        service: "SecretsManager";
        region: string;
        auth: { jwt: { serviceAccountRef: { name: string } } };
      };
    };
  };
}

export type Manifest = ExternalSecretManifest | SecretStoreManifest;
