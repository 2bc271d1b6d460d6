import type { ReactElement } from "react";

import type { Role } from "@/lib/auth/roles";

const ROLE_LABELS: Record<Role, string> = {
  developer: "Developer",
  platform: "Platform",
  security: "Security",
  custodian: "Custodian",
};

export function RoleBadges({ roles }: { roles: readonly Role[] }): ReactElement {
  if (roles.length === 0) {
    return <span className="text-xs text-neutral-500">No role</span>;
  }
  return (
    <ul aria-label="Roles" className="flex flex-wrap gap-1">
      {roles.map((role) => (
        <li
          key={role}
          className="rounded-full border border-neutral-300 bg-white px-2 py-0.5 text-xs font-medium text-neutral-700"
        >
          {ROLE_LABELS[role]}
        </li>
      ))}
    </ul>
  );
}
