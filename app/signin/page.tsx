// Sign-in with the providers auth.providers enables: GitHub, OIDC and, in the sandbox only,
// demo personas.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactElement } from "react";

import { PersonaSignInButton } from "@/components/persona-sign-in-button";
import { RoleBadges } from "@/components/role-badges";
import { resolveActor } from "@/lib/auth/roles";
import { getActor } from "@/lib/auth/session";
import { loadPortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";
import { readPortalEnv } from "@/lib/env";

import { describeSignInError, safeCallbackUrl } from "./callback-url";
import { ProviderSignInButton } from "./provider-sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

interface SignInPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignInPage({ searchParams }: SignInPageProps): Promise<ReactElement> {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getActor()) redirect(callbackUrl);

  const config = loadPortalConfig();
  const errorMessage = describeSignInError(params.error, { org: config.auth.github?.org, retryAfter: params.retryAfter });
  const sandbox = readPortalEnv().PORTAL_MODE === "sandbox" && config.auth.providers.includes("sandbox");
  const external = externalProviders(config);

  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      {errorMessage ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          {errorMessage}
        </p>
      ) : null}
      {external.length > 0 ? (
        <ul className="mt-6 flex flex-col gap-3 sm:flex-row">
          {external.map((provider) => (
            <li key={provider.id}>
              <ProviderSignInButton providerId={provider.id} providerName={provider.name} callbackUrl={callbackUrl} />
            </li>
          ))}
        </ul>
      ) : null}
      {sandbox ? <PersonaList callbackUrl={callbackUrl} /> : null}
      {!sandbox && external.length === 0 ? <NoProvider /> : null}
    </div>
  );
}

function PersonaList({ callbackUrl }: { callbackUrl: string }): ReactElement {
  const config = loadPortalConfig();
  const personas = config.sandbox.personas;

  if (personas.length === 0) {
    return (
      <p className="mt-4 text-neutral-700">
        No sandbox personas are configured. Add them under <code>sandbox.personas</code> in the portal configuration.
      </p>
    );
  }

  return (
    <>
      <p className="mt-2 text-neutral-700">Pick a demo persona. Each one sees the portal with different roles.</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {personas.map((persona) => {
          // Roles shown here come from the same mapping the portal applies after sign-in.
          const { roles } = resolveActor({ userId: persona.id, login: persona.login, name: persona.name, teams: persona.teams }, config);
          return (
            <li key={persona.id} className="flex flex-col gap-3 rounded-lg border border-neutral-200 bg-white p-5 shadow-sm">
              <h2 className="text-lg font-semibold">{persona.name}</h2>
              {persona.description ? <p className="text-sm text-neutral-700">{persona.description}</p> : null}
              <dl className="text-sm">
                <dt className="font-medium text-neutral-500">Teams</dt>
                <dd>{persona.teams.length > 0 ? persona.teams.join(", ") : "none"}</dd>
              </dl>
              <RoleBadges roles={roles} />
              <div className="mt-auto pt-2">
                <PersonaSignInButton personaId={persona.id} personaName={persona.name} callbackUrl={callbackUrl} />
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function externalProviders(config: PortalConfig): Array<{ id: string; name: string }> {
  const providers: Array<{ id: string; name: string }> = [];
  if (config.auth.providers.includes("github")) providers.push({ id: "github", name: "GitHub" });
  if (config.auth.providers.includes("oidc") && config.auth.oidc) providers.push({ id: "oidc", name: config.auth.oidc.displayName });
  return providers;
}

function NoProvider(): ReactElement {
  return (
    <p className="mt-4 rounded-md border border-neutral-300 bg-white px-4 py-3 text-neutral-800">
      No sign-in provider is enabled. Add <code>github</code> or <code>oidc</code> to <code>auth.providers</code> in the
      portal configuration, or run the portal in sandbox mode (<code>PORTAL_MODE=sandbox</code>) to try it with demo
      personas.
    </p>
  );
}
