import type { Actor } from "@/lib/auth/roles";
import { hasRole } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";

// Every read and mutation passes through here; pages, server actions, route handlers and
// jobs acting for a user call the same functions, so the rules live in one place.
//
// developer  see their own and their applications' requests; create for their applications;
//            cancel and retry their own; rotate their applications' secrets
// platform   every request; retry any, set values and rotate for any application
// custodian  set values and rotate only for the applications whose custodian team they are in
// security   every request, the audit trail and exports, read-only
// A person with several roles gets the union of what each allows.

export interface RequestRef {
  application: string;
  requesterId: string;
}

/** Actions on one existing request. */
export type RequestAction = "view" | "retry" | "retry-provisioning" | "cancel" | "set-value" | "rotate";

/** Actions that concern no single request. */
export type PortalAction = "list-own" | "list-all" | "export" | "read-audit";

export type Decision =
  | { allowed: true }
  | { allowed: false; code: "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND"; message: string };

const ALLOWED: Decision = { allowed: true };
const SIGN_IN_REQUIRED: Decision = { allowed: false, code: "UNAUTHENTICATED", message: "Sign in to continue." };
// A request the actor may not view is reported as missing, so ids cannot be probed.
const HIDDEN_REQUEST: Decision = { allowed: false, code: "NOT_FOUND", message: "Request not found." };

function forbidden(message: string): Decision {
  return { allowed: false, code: "FORBIDDEN", message };
}

function isPlatform(actor: Actor): boolean {
  return hasRole(actor, "platform");
}

function seesEverything(actor: Actor): boolean {
  return isPlatform(actor) || hasRole(actor, "security");
}

export function canCreateRequestFor(actor: Actor, application: string): boolean {
  return actor.applications.includes(application);
}

export function canListAllRequests(actor: Actor): boolean {
  return seesEverything(actor);
}

/** Decides whether `actor` (null when signed out) may create a request for `application`. */
export function decideCreateRequest(actor: Actor | null, application: string): Decision {
  if (!actor) return SIGN_IN_REQUIRED;
  if (canCreateRequestFor(actor, application)) return ALLOWED;
  return forbidden(
    `You are not a member of the team that owns application "${application}". ` +
      "Ask that team to add you, or pick one of your applications.",
  );
}

/** Decides a portal-wide action: listing, exporting or reading the audit trail. */
export function decidePortalAction(actor: Actor | null, action: PortalAction): Decision {
  if (!actor) return SIGN_IN_REQUIRED;

  switch (action) {
    case "list-own":
      return ALLOWED;
    case "list-all":
      return seesEverything(actor) ? ALLOWED : forbidden("Only the platform and security teams can list every request.");
    case "export":
      return seesEverything(actor) ? ALLOWED : forbidden("Only the platform and security teams can export requests.");
    case "read-audit":
      return seesEverything(actor) ? ALLOWED : forbidden("Only the platform and security teams can read the full audit trail.");
  }
}

/** Decides an action on one request; a request the actor may not view is NOT_FOUND. */
export function decideRequestAction(actor: Actor | null, action: RequestAction, request: RequestRef | null): Decision {
  if (!actor) return SIGN_IN_REQUIRED;
  if (!request) return HIDDEN_REQUEST;

  const isRequester = actor.userId === request.requesterId;
  const isOwnerTeam = actor.applications.includes(request.application);
  const isCustodian = actor.custodianOf.includes(request.application);
  if (!(isRequester || isOwnerTeam || isCustodian || seesEverything(actor))) return HIDDEN_REQUEST;

  switch (action) {
    case "view":
      return ALLOWED;
    case "retry":
      return isRequester || isPlatform(actor) ? ALLOWED : forbidden("Only the requester and the platform team can retry this request.");
    case "retry-provisioning":
      return isPlatform(actor) ? ALLOWED : forbidden("Only the platform team can retry provisioning.");
    case "cancel":
      return isRequester ? ALLOWED : forbidden("Only the person who made this request can cancel it.");
    case "set-value":
      return isCustodian
        ? ALLOWED
        : forbidden(`Only custodians of "${request.application}" and the platform team can supply its secret values.`);
    case "rotate":
      // The owning team may rotate its own generated secrets, for example after a leak.
      return isOwnerTeam || isCustodian
        ? ALLOWED
        : forbidden(`Only the team that owns "${request.application}", its custodians and the platform team can rotate its secrets.`);
  }
}

export function canActOnRequest(actor: Actor, action: RequestAction, request: RequestRef): boolean {
  return decideRequestAction(actor, action, request).allowed;
}

function enforce(decision: Decision, fieldErrors: Record<string, string[]> = {}): void {
  if (!decision.allowed) throw new PortalError(decision.code, decision.message, fieldErrors);
}

export function authorizeCreateRequest(actor: Actor | null, application: string): void {
  const decision = decideCreateRequest(actor, application);
  const fieldErrors: Record<string, string[]> =
    !decision.allowed && decision.code === "FORBIDDEN" ? { application: [`You cannot request secrets for "${application}".`] } : {};
  enforce(decision, fieldErrors);
}

export function authorizeRequestAction(actor: Actor | null, action: RequestAction, request: RequestRef | null): void {
  enforce(decideRequestAction(actor, action, request));
}

export function authorizePortalAction(actor: Actor | null, action: PortalAction): void {
  enforce(decidePortalAction(actor, action));
}

export function authorizeListAllRequests(actor: Actor | null): void {
  authorizePortalAction(actor, "list-all");
}
