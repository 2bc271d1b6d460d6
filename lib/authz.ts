import type { Actor } from "@/lib/auth/roles";
import { hasRole } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";

// Every read and mutation passes through here; pages, server actions, route handlers and
// jobs acting for a user call the same functions, so the rules live in one place.

export interface RequestRef {
  application: string;
  requesterId: string;
}

export type RequestAction = "view" | "retry" | "cancel";

export function canCreateRequestFor(actor: Actor, application: string): boolean {
  return actor.applications.includes(application);
}

export function canListAllRequests(actor: Actor): boolean {
  return hasRole(actor, "platform") || hasRole(actor, "security");
}

export function canActOnRequest(actor: Actor, action: RequestAction, request: RequestRef): boolean {
  const isOwnerTeam = actor.applications.includes(request.application);
  const isRequester = actor.userId === request.requesterId;

  switch (action) {
    case "view":
      return isRequester || isOwnerTeam || hasRole(actor, "platform") || hasRole(actor, "security");
    case "retry":
      return isRequester || hasRole(actor, "platform");
    case "cancel":
      return isRequester;
  }
}

export function authorizeCreateRequest(actor: Actor, application: string): void {
  if (!canCreateRequestFor(actor, application)) {
    throw new PortalError(
      "FORBIDDEN",
      `You are not a member of the team that owns application "${application}". ` +
        "Ask that team to add you, or pick one of your applications.",
      { application: [`You cannot request secrets for "${application}".`] },
    );
  }
}

export function authorizeRequestAction(actor: Actor, action: RequestAction, request: RequestRef): void {
  if (!canActOnRequest(actor, action, request)) {
    // A request the actor may not view is reported as missing so ids cannot be probed.
    if (action === "view" || !canActOnRequest(actor, "view", request)) {
      throw new PortalError("NOT_FOUND", "Request not found.");
    }
    throw new PortalError("FORBIDDEN", `You are not allowed to ${action} this request.`);
  }
}

export function authorizeListAllRequests(actor: Actor): void {
  if (!canListAllRequests(actor)) {
    throw new PortalError("FORBIDDEN", "Only the platform and security teams can list every request.");
  }
}
