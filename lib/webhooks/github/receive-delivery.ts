import "server-only";

import { verify } from "@octokit/webhooks-methods";
import type { z } from "zod";

import { isUniqueViolation } from "@/lib/db";
import { notifyJobEnqueued } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";
import { webhookDeliveriesTotal } from "@/lib/metrics";
import { applyPullRequestEvent, applyReviewEvent } from "@/lib/requests/handle-pull-request-event";
import type { Services } from "@/lib/services";

import { pullRequestPayload, pullRequestReviewPayload } from "./payloads";

const log = logger.child({ component: "webhooks" });

export interface Delivery {
  rawBody: string;
  signature: string | null;
  event: string | null;
  deliveryId: string | null;
}

export interface DeliveryResult {
  status: number;
  message: string;
  outcome: "accepted" | "duplicate" | "ignored" | "rejected" | "invalid";
}

const HANDLED_EVENTS = new Set(["pull_request", "pull_request_review"]);

function parseJson<T extends z.ZodType>(schema: T, rawBody: string): z.infer<T> | null {
  try {
    const result = schema.safeParse(JSON.parse(rawBody));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * Verifies, deduplicates and applies one GitHub webhook delivery. The signature is checked
 * over the raw body before anything is parsed; the delivery id is claimed under a unique
 * key in the same transaction as the state change, so a repeat changes nothing.
 * Slow work (provisioning) is only enqueued here.
 */
export async function receiveGitHubDelivery(services: Services, secret: string, delivery: Delivery): Promise<DeliveryResult> {
  const result = await processDelivery(services, secret, delivery);
  webhookDeliveriesTotal.inc({ event: delivery.event ?? "unknown", outcome: result.outcome });
  return result;
}

async function processDelivery(services: Services, secret: string, delivery: Delivery): Promise<DeliveryResult> {
  const context = { deliveryId: delivery.deliveryId, event: delivery.event };

  if (!delivery.signature?.startsWith("sha256=")) {
    log.warn(context, "webhook rejected: missing X-Hub-Signature-256");
    return { status: 401, message: "Missing X-Hub-Signature-256 header.", outcome: "rejected" };
  }
  if (!(await verify(secret, delivery.rawBody, delivery.signature))) {
    log.warn(context, "webhook rejected: signature does not match");
    return { status: 401, message: "Invalid X-Hub-Signature-256 signature.", outcome: "rejected" };
  }
  if (!delivery.event || !delivery.deliveryId) {
    return { status: 400, message: "Missing X-GitHub-Event or X-GitHub-Delivery header.", outcome: "invalid" };
  }
  if (delivery.event === "ping") return { status: 200, message: "pong", outcome: "accepted" };
  if (!HANDLED_EVENTS.has(delivery.event)) return { status: 202, message: `Event ${delivery.event} is not used; ignored.`, outcome: "ignored" };

  const payload =
    delivery.event === "pull_request"
      ? parseJson(pullRequestPayload, delivery.rawBody)
      : parseJson(pullRequestReviewPayload, delivery.rawBody);
  if (!payload) {
    log.warn(context, "webhook rejected: payload does not match the event");
    return { status: 400, message: `The ${delivery.event} payload is not valid JSON of the expected shape.`, outcome: "invalid" };
  }

  const expectedRepository = `${services.config.gitops.owner}/${services.config.gitops.repo}`;
  if (payload.repository.full_name.toLowerCase() !== expectedRepository.toLowerCase()) {
    return { status: 202, message: `Repository ${payload.repository.full_name} is not the GitOps repository; ignored.`, outcome: "ignored" };
  }

  const deliveryId = delivery.deliveryId;
  let enqueued = false;
  try {
    enqueued = await services.db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({ data: { id: deliveryId, event: delivery.event ?? "", action: payload.action } });

      let queued = false;
      if ("review" in payload) {
        if (payload.action === "submitted") {
          await applyReviewEvent(tx, {
            deliveryId,
            number: payload.pull_request.number,
            headRef: payload.pull_request.head.ref,
            state: payload.review.state.toLowerCase(),
            reviewer: payload.review.user?.login ?? "unknown",
            commitId: payload.review.commit_id ?? null,
          });
        }
      } else {
        queued = await applyPullRequestEvent(tx, {
          deliveryId,
          action: payload.action,
          number: payload.pull_request.number,
          headRef: payload.pull_request.head.ref,
          headSha: payload.pull_request.head.sha,
          merged: payload.pull_request.merged === true,
          mergeCommitSha: payload.pull_request.merge_commit_sha ?? null,
          mergedBy: payload.pull_request.merged_by?.login ?? null,
          sender: payload.sender.login,
        });
      }

      await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { processedAt: new Date() } });
      return queued;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      log.info(context, "webhook delivery already processed; ignored");
      return { status: 200, message: "Delivery already processed.", outcome: "duplicate" };
    }
    throw error;
  }

  if (enqueued) notifyJobEnqueued();
  log.info({ ...context, action: payload.action }, "webhook delivery processed");
  return { status: 202, message: "Accepted.", outcome: "accepted" };
}
