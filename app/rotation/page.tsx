// Secrets whose value is older than rotation.maxAgeDays, for the platform and security teams.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { DateTime } from "@/components/date-time";
import { RotateSecretForm } from "@/components/rotate-secret-form";
import type { Actor } from "@/lib/auth/roles";
import { getActor } from "@/lib/auth/session";
import { canActOnRequest, canListAllRequests } from "@/lib/authz";
import { listStaleSecrets, type StaleSecret } from "@/lib/requests/rotate-secret";
import { getServices } from "@/lib/services";

export const metadata: Metadata = { title: "Rotation" };

export default async function RotationPage(): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/rotation"));
  if (!canListAllRequests(actor)) return <NotAllowed />;

  const services = getServices();
  const maxAgeDays = services.config.rotation.maxAgeDays;
  const secrets = await listStaleSecrets(services, actor);

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Rotation</h1>
      <p className="mt-1 text-sm text-neutral-600">
        Provisioned secrets whose value last changed more than {maxAgeDays} days ago (setting <code>rotation.maxAgeDays</code>), oldest first.
        Generated secrets can be rotated here; a custodian replaces a custodian-supplied value on the request page.
      </p>

      <p role="status" className="mt-6 text-sm text-neutral-600">
        {secrets.length === 1 ? "1 secret is due for rotation." : `${secrets.length} secrets are due for rotation.`}
      </p>
      {secrets.length > 0 ? (
        <div className="mt-2 overflow-x-auto rounded-lg border border-neutral-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Secrets due for rotation</caption>
            <thead className="border-b border-neutral-200 bg-neutral-50 text-neutral-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Secret</th>
                <th scope="col" className="px-4 py-2 font-medium">Environment</th>
                <th scope="col" className="px-4 py-2 font-medium">Application</th>
                <th scope="col" className="px-4 py-2 font-medium">Value last changed</th>
                <th scope="col" className="px-4 py-2 font-medium">Age</th>
                <th scope="col" className="px-4 py-2 font-medium">Action</th>
              </tr>
            </thead>
            <tbody>
              {secrets.map((secret) => (
                <StaleSecretRow key={secret.id} actor={actor} secret={secret} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-2 rounded-lg border border-dashed border-neutral-300 bg-white px-6 py-10 text-center text-sm text-neutral-600">
          Every provisioned secret changed within the last {maxAgeDays} days.
        </p>
      )}
    </div>
  );
}

function StaleSecretRow({ actor, secret }: { actor: Actor; secret: StaleSecret }): ReactElement {
  const rotatable = secret.valueSource === "GENERATED" && canActOnRequest(actor, "rotate", secret);

  return (
    <tr className="border-b border-neutral-100 align-top last:border-0">
      <td className="px-4 py-2 font-mono">
        <Link href={`/requests/${secret.id}`} className="text-blue-700 underline underline-offset-2">
          {secret.providerName}
        </Link>
      </td>
      <td className="px-4 py-2">{secret.environment}</td>
      <td className="px-4 py-2">{secret.application}</td>
      <td className="px-4 py-2"><DateTime value={secret.lastChangedAt} /></td>
      <td className="px-4 py-2">{secret.ageDays} days</td>
      <td className="px-4 py-2">
        {rotatable ? (
          <RotateSecretForm requestId={secret.id} secretLabel={secret.providerName} refreshInterval={secret.refreshInterval} compact />
        ) : (
          <span className="text-neutral-600">{secret.valueSource === "CUSTODIAN" ? "A custodian replaces the value" : "Read-only"}</span>
        )}
      </td>
    </tr>
  );
}

function NotAllowed(): ReactElement {
  return (
    <div role="alert" className="max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h1 className="text-lg font-semibold text-amber-950">Not allowed (403)</h1>
      <p className="mt-2 text-sm text-amber-950">Only members of the platform and security teams can see the secrets that are due for rotation.</p>
    </div>
  );
}
