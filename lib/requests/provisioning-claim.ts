import "server-only";

import type { DatabaseClient } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import type { ClaimedJob } from "@/lib/jobs/queue";

// A claim on a MERGED request, taken with one guarded UPDATE before any side effect. The
// token names the job attempt that holds it. Another attempt may take the claim over only
// when the holding attempt is no longer running (its worker died and the job was queued
// again) or when the claim is older than the lease, so two workers never provision one
// request at the same time, and a crash in the middle is recovered by the next attempt.

/** A claim not renewed for this long is free, whatever the job table contains. */
export const CLAIM_LEASE_MS = 10 * 60_000;

export interface ProvisioningClaim {
  token: string;
}

export function claimToken(job: Pick<ClaimedJob, "id" | "lockedBy" | "attempts">): string {
  return `${job.lockedBy}#${job.id}#${job.attempts}`;
}

/**
 * Claims a MERGED request for this job attempt. Throws a retryable error when a running
 * attempt holds it, so the job tries again after its backoff.
 */
export async function claimProvisioning(db: DatabaseClient, requestId: string, job: ClaimedJob): Promise<ProvisioningClaim> {
  const token = claimToken(job);
  const leaseSeconds = CLAIM_LEASE_MS / 1_000;
  const claimed = await db.$executeRaw`
    UPDATE "SecretRequest" AS r
       SET "provisioningClaimedBy" = ${token}, "provisioningClaimedAt" = now(), "updatedAt" = now()
     WHERE r."id" = ${requestId}::uuid
       AND r."status" = 'MERGED'::"RequestStatus"
       AND (r."provisioningClaimedBy" IS NULL
            OR r."provisioningClaimedAt" < now() - make_interval(secs => ${leaseSeconds})
            OR NOT EXISTS (
              SELECT 1 FROM "Job" AS j
               WHERE j."status" = 'RUNNING'::"JobStatus"
                 AND j."lockedBy" || '#' || j."id" || '#' || j."attempts" = r."provisioningClaimedBy"))`;
  if (claimed === 0) {
    const current = await db.secretRequest.findUnique({ where: { id: requestId }, select: { status: true, provisioningClaimedBy: true } });
    throw new PortalError(
      "UPSTREAM",
      `Request ${requestId} is ${current?.status ?? "missing"} and held by ${current?.provisioningClaimedBy ?? "no one"}; ` +
        "this attempt did not provision it and will check again.",
    );
  }
  return { token };
}

/** Refreshes the claim before a side effect; throws if another attempt took it over. */
export async function renewClaim(db: DatabaseClient, requestId: string, claim: ProvisioningClaim): Promise<void> {
  const renewed = await db.secretRequest.updateMany({
    where: { id: requestId, status: "MERGED", provisioningClaimedBy: claim.token },
    data: { provisioningClaimedAt: new Date() },
  });
  if (renewed.count === 0) {
    throw new PortalError("UPSTREAM", `Request ${requestId} was taken over by another provisioning attempt; this one stopped.`);
  }
}

/** Frees the claim without changing the status, if this attempt still holds it. */
export async function releaseClaim(db: DatabaseClient, requestId: string, claim: ProvisioningClaim): Promise<void> {
  await db.secretRequest.updateMany({
    where: { id: requestId, provisioningClaimedBy: claim.token },
    data: { provisioningClaimedBy: null, provisioningClaimedAt: null },
  });
}
