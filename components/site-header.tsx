import Link from "next/link";
import type { ReactElement } from "react";

import type { Actor } from "@/lib/auth/roles";
import { canListAllRequests } from "@/lib/authz";

import { NavLinks, type NavLink } from "./nav-links";
import { RoleBadges } from "./role-badges";
import { SignOutButton } from "./sign-out-button";

export function SiteHeader({ actor }: { actor: Actor | null }): ReactElement {
  const links: NavLink[] = [
    { href: "/requests/new", label: "New request" },
    { href: "/requests", label: "My requests" },
    { href: "/stores", label: "Stores and IAM" },
  ];
  if (actor && canListAllRequests(actor)) links.push({ href: "/all-requests", label: "All requests" });
  if (actor && canListAllRequests(actor)) links.push({ href: "/rotation", label: "Rotation" });
  if (actor && canListAllRequests(actor)) links.push({ href: "/audit", label: "Audit" });

  return (
    <header className="border-b border-neutral-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <div className="flex flex-wrap items-center gap-6">
          <Link href="/" className="text-lg font-semibold tracking-tight text-neutral-900">
            Secrets Portal
          </Link>
          {actor ? (
            <nav aria-label="Main">
              <NavLinks links={links} />
            </nav>
          ) : null}
        </div>
        {actor ? (
          <div className="flex flex-wrap items-center gap-3">
            <div className="text-right">
              <p className="text-sm font-medium text-neutral-900">
                {actor.name} <span className="font-normal text-neutral-500">({actor.login})</span>
              </p>
              <RoleBadges roles={actor.roles} />
            </div>
            <SignOutButton />
          </div>
        ) : null}
      </div>
    </header>
  );
}
