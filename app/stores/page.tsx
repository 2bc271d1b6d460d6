// Stores and IAM: for each application and environment, the namespaced SecretStore and the
// IAM policy its IRSA role needs, as the platform team sets them up.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { CodeBlock } from "@/components/code-block";
import { getActor } from "@/lib/auth/session";
import { canListAllRequests } from "@/lib/authz";
import { loadPortalConfig } from "@/lib/config/load";
import { listStoreSetups } from "@/lib/manifests/store-setups";

export const metadata: Metadata = { title: "Stores and IAM" };

export default async function StoresPage(): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/stores"));

  const config = loadPortalConfig();
  const visible = canListAllRequests(actor) ? undefined : new Set(actor.applications);
  const setups = listStoreSetups(config).filter((setup) => !visible || visible.has(setup.application));

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Stores and IAM</h1>
      <p className="mt-1 max-w-3xl text-sm text-neutral-600">
        Each application reads its secrets through a namespaced <code>SecretStore</code> in its own namespace. The store
        authenticates with IRSA as the <code>{config.secretStore.serviceAccount}</code> ServiceAccount, whose IAM role may only
        read that application&apos;s secrets in that environment. A <code>ClusterSecretStore</code> could read every
        namespace&apos;s secrets, so the portal never generates one.
      </p>
      {setups.length === 0 ? <p className="mt-6 text-sm">You are not a member of any application&apos;s owning team.</p> : null}
      <div className="mt-8 space-y-10">
        {setups.map((setup) => (
          <section key={`${setup.application}-${setup.environment}`} aria-labelledby={`${setup.application}-${setup.environment}-heading`}>
            <h2 id={`${setup.application}-${setup.environment}-heading`} className="text-lg font-semibold">
              {setup.application} in {setup.environment}
            </h2>
            <p className="mt-1 text-sm text-neutral-600">
              Namespace <code>{setup.namespace}</code>, secrets under <code>{setup.namePattern}</code> in {setup.region}, account{" "}
              {setup.accountId}. The SecretStore is committed to <code>{setup.storePath}</code> with the first request.
            </p>
            <div className="mt-3 grid gap-4 lg:grid-cols-2">
              <CodeBlock title="IAM policy of the store's role" code={setup.iamPolicy} copyLabel={`IAM policy for ${setup.application} in ${setup.environment}`} />
              <CodeBlock title="SecretStore" code={setup.secretStore} copyLabel={`SecretStore for ${setup.application} in ${setup.environment}`} />
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
