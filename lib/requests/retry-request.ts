import "server-only";

import { recordAuditEvent, type AuditOrigin } from "@/lib/audit/record-event";
import type { Actor } from "@/lib/auth/roles";
import { authorizeRequestAction } from "@/lib/authz";
import { PortalError } from "@/lib/errors";
import { ensureJobQueued, notifyJobEnqueued } from "@/lib/jobs/queue";
import type { Services } from "@/lib/services";

import { provisionJobKey } from "./handle-pull-request-event";
import { openRequestPullRequest } from "./open-pull-request";

/**
 * Retries the failed step of a request: opening its pull request (PR_FAILED) or
 * provisioning its secret (PROVISIONING_FAILED).
 */
export async function retryRequest(services: Services, actor: Actor, id: string, origin: AuditOrigin = {}): Promise<void> {
  const request = await services.db.secretRequest.findUnique({ where: { id } });
  authorizeRequestAction(actor, "retry", request ?? { application: "", requesterId: "" });
  if (!request) throw new PortalError("NOT_FOUND", "Request not found.");

  if (request.status === "PR_FAILED") {
    await recordAuditEvent(services.db, { requestId: id, actor: actor.login, action: "pull_request.retried", origin });
    await openRequestPullRequest(services, id, actor.login);
    return;
  }

  if (request.status === "PROVISIONING_FAILED") {
    if (!actor.roles.includes("platform")) {
      throw new PortalError("FORBIDDEN", "Only the platform team can retry provisioning.");
    }
    await services.db.$transaction(async (tx) => {
      const moved = await tx.secretRequest.updateMany({
        where: { id, status: "PROVISIONING_FAILED" },
        data: { status: "MERGED", statusDetail: "Provisioning queued again.", provisioningClaimedBy: null, provisioningClaimedAt: null },
      });
      if (moved.count === 0) throw new PortalError("CONFLICT", "Provisioning of this request was retried already; reload the page.");
      await recordAuditEvent(tx, { requestId: id, actor: actor.login, action: "secret.provisioning_retried", origin });
      await ensureJobQueued(tx, "provision-secret", { requestId: id }, provisionJobKey(id));
    });
    notifyJobEnqueued();
    return;
  }

  throw new PortalError("CONFLICT", `Only a failed request can be retried; this one is ${request.status.toLowerCase().replace(/_/g, " ")}.`);
}
