"use client";

import { signIn } from "next-auth/react";
import { useState, type ReactElement } from "react";

interface PersonaSignInButtonProps {
  personaId: string;
  personaName: string;
  callbackUrl: string;
}

export function PersonaSignInButton({ personaId, personaName, callbackUrl }: PersonaSignInButtonProps): ReactElement {
  const [pending, setPending] = useState(false);

  return (
    <button
      type="button"
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        // next-auth navigates to callbackUrl on success and back to /signin?error=… on failure.
        void signIn("sandbox", { persona: personaId, callbackUrl });
      }}
      className="w-full rounded-md bg-neutral-900 px-4 py-2 text-sm font-medium text-white hover:bg-neutral-700 disabled:opacity-60"
    >
      {pending ? `Signing in as ${personaName}…` : `Sign in as ${personaName}`}
    </button>
  );
}
