"use client";

import { signIn } from "next-auth/react";
import { useState, type ReactElement } from "react";

interface ProviderSignInButtonProps {
  providerId: string;
  providerName: string;
  callbackUrl: string;
}

/** Starts an OAuth or OIDC sign-in; the provider sends the browser back to callbackUrl. */
export function ProviderSignInButton({ providerId, providerName, callbackUrl }: ProviderSignInButtonProps): ReactElement {
  const [pending, setPending] = useState(false);

  return (
    <button
      type="button"
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { callbackUrl });
      }}
      className="w-full rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700 disabled:opacity-60 sm:w-auto"
    >
      {pending ? `Redirecting to ${providerName}…` : `Sign in with ${providerName}`}
    </button>
  );
}
