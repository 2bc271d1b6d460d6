import type { PortalConfig } from "@/lib/config/schema";
import { renderPathTemplate } from "@/lib/naming/path-template";

import { buildStoreReadPolicy, providerNamePattern } from "./iam-policy";
import { buildSecretStore } from "./secret-store";
import { serializeManifest } from "./serialize-manifest";

export interface StoreSetup {
  application: string;
  environment: string;
  namespace: string;
  region: string;
  accountId: string;
  /** Secret-name pattern the role may read, such as `/dev/payments-api/*`. */
  namePattern: string;
  storePath: string;
  /** IAM policy document as indented JSON. */
  iamPolicy: string;
  /** SecretStore manifest as YAML, exactly as the portal commits it (without the request comment). */
  secretStore: string;
}

/** Lists the SecretStore and IAM policy of every application in every environment, in configuration order. */
export function listStoreSetups(config: PortalConfig): StoreSetup[] {
  const setups: StoreSetup[] = [];
  for (const application of config.applications) {
    for (const environment of config.environments) {
      const namespace = application.namespaces[environment.name];
      if (!namespace) continue;

      const namePattern = providerNamePattern(config.providerNameTemplate, environment.name, application.name);
      const store = buildSecretStore({
        name: config.secretStore.name,
        namespace,
        region: environment.awsRegion,
        serviceAccount: config.secretStore.serviceAccount,
        environment: environment.name,
        application: application.name,
      });
      setups.push({
        application: application.name,
        environment: environment.name,
        namespace,
        region: environment.awsRegion,
        accountId: environment.awsAccountId,
        namePattern,
        // The store path has no {name}; a stand-in keeps the template renderer's checks.
        storePath: renderPathTemplate(config.gitops.paths.secretStore, {
          environment: environment.name,
          application: application.name,
          name: "secret",
          namespace,
        }),
        iamPolicy: JSON.stringify(
          buildStoreReadPolicy({ region: environment.awsRegion, accountId: environment.awsAccountId, namePattern }),
          null,
          2,
        ),
        secretStore: serializeManifest(store),
      });
    }
  }
  return setups;
}
