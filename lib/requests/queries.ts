import "server-only";

import type { Actor } from "@/lib/auth/roles";
import { authorizeListAllRequests, authorizePortalAction, authorizeRequestAction } from "@/lib/authz";
import type { AuditEvent, RequestStatus, SecretRequest } from "@/lib/db";
import type { Services } from "@/lib/services";

export const REQUEST_STATUSES: RequestStatus[] = [
  "OPENING_PR",
  "PR_FAILED",
  "PR_OPEN",
  "MERGED",
  "AWAITING_VALUE",
  "PROVISIONING_FAILED",
  "PROVISIONED",
  "REJECTED",
  "CANCELLED",
];

export interface RequestFilters {
  environment?: string;
  application?: string;
  status?: RequestStatus;
}

export type RequestSummary = SecretRequest & { requester: { login: string; name: string } };
export type RequestDetail = RequestSummary & { events: AuditEvent[] };

const PAGE_SIZE = 200;

/** Requests the actor made or that belong to the actor's applications, newest first. */
export async function listMyRequests(services: Services, actor: Actor): Promise<RequestSummary[]> {
  authorizePortalAction(actor, "list-own");
  return services.db.secretRequest.findMany({
    where: { OR: [{ requesterId: actor.userId }, { application: { in: actor.applications } }] },
    include: { requester: { select: { login: true, name: true } } },
    orderBy: { createdAt: "desc" },
    take: PAGE_SIZE,
  });
}

/** Every request, for platform and security, with optional filters. */
export async function listAllRequests(services: Services, actor: Actor, filters: RequestFilters): Promise<RequestSummary[]> {
  authorizeListAllRequests(actor);
  return services.db.secretRequest.findMany({
    where: { environment: filters.environment, application: filters.application, status: filters.status },
    include: { requester: { select: { login: true, name: true } } },
    orderBy: { createdAt: "desc" },
    take: PAGE_SIZE,
  });
}

export async function getRequestDetail(services: Services, actor: Actor, id: string): Promise<RequestDetail> {
  const request = await services.db.secretRequest.findUnique({
    where: { id },
    include: { requester: { select: { login: true, name: true } }, events: { orderBy: { createdAt: "asc" } } },
  });
  authorizeRequestAction(actor, "view", request);
  return request as RequestDetail;
}
