// The new-request form, offered for the applications the signed-in person's teams own.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { signInPath } from "@/app/signin/callback-url";
import { RequestForm, type ApplicationOption, type EnvironmentOption } from "@/components/request-form";
import { getActor } from "@/lib/auth/session";
import type { PortalConfig } from "@/lib/config/schema";
import { loadPortalConfig } from "@/lib/config/load";

export const metadata: Metadata = { title: "New request" };

export default async function NewRequestPage(): Promise<ReactElement> {
  const actor = await getActor();
  if (!actor) redirect(signInPath("/requests/new"));

  const config = loadPortalConfig();
  const environments: EnvironmentOption[] = config.environments.map((environment) => ({
    name: environment.name,
    description: environment.description,
    production: environment.production,
    refreshIntervals: environment.refreshInterval.choices,
    defaultRefreshInterval: environment.refreshInterval.default,
    refreshMin: environment.refreshInterval.min,
    refreshMax: environment.refreshInterval.max,
  }));
  const applications: ApplicationOption[] = config.applications
    .filter((application) => actor.applications.includes(application.name))
    .map((application) => ({ name: application.name, description: application.description, namespaces: application.namespaces }));

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Request a secret</h1>
      <p className="mt-1 max-w-2xl text-sm text-neutral-600">
        Describe the secret your application needs. You name its keys; the portal generates the values or a custodian
        supplies them, and they never reach you, Git or the portal's database. The preview shows the exact files of the pull
        request as you type.
      </p>
      <div className="mt-8">
        {applications.length > 0 ? (
          <RequestForm
            environments={environments}
            applications={applications}
            providerNameTemplate={config.providerNameTemplate}
            pricing={config.costs}
            defaultPolicy={config.generatedValues.defaultPolicy}
            minLength={config.generatedValues.minLength}
          />
        ) : (
          <NoApplications config={config} />
        )}
      </div>
    </div>
  );
}

function NoApplications({ config }: { config: PortalConfig }): ReactElement {
  return (
    <section aria-labelledby="no-applications-heading" className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h2 id="no-applications-heading" className="font-semibold text-amber-950">
        You cannot request secrets for any application yet
      </h2>
      <p className="mt-2 text-sm text-amber-950">
        Secrets are requested by members of the team that owns an application. Ask one of these teams to add you, then sign
        in again:
      </p>
      <table className="mt-3 text-sm">
        <caption className="sr-only">Applications and their owning teams</caption>
        <thead>
          <tr className="text-left text-amber-900">
            <th scope="col" className="pr-6 font-medium">Application</th>
            <th scope="col" className="font-medium">Owning team</th>
          </tr>
        </thead>
        <tbody>
          {config.applications.map((application) => (
            <tr key={application.name}>
              <td className="pr-6 font-mono">{application.name}</td>
              <td>{application.owningTeam}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
