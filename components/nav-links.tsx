"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactElement } from "react";

export interface NavLink {
  href: string;
  label: string;
}

/** Marks the link of the current section with aria-current so screen readers announce it. */
export function NavLinks({ links }: { links: readonly NavLink[] }): ReactElement {
  const pathname = usePathname();

  return (
    <ul className="flex flex-wrap gap-1">
      {links.map((link) => {
        const current = isCurrent(pathname, link.href);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={
                current
                  ? "block rounded-md bg-neutral-900 px-3 py-1.5 text-sm font-medium text-white"
                  : "block rounded-md px-3 py-1.5 text-sm font-medium text-neutral-700 hover:bg-neutral-200"
              }
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function isCurrent(pathname: string, href: string): boolean {
  // "/requests" must not light up on "/requests/new", which has its own link.
  if (href === "/requests") return pathname === "/requests" || /^\/requests\/(?!new$)[^/]+$/.test(pathname);
  return pathname === href || pathname.startsWith(`${href}/`);
}
