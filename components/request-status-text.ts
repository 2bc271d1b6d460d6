import type { RequestStatus, ReviewState } from "@/lib/db/enums";

// Words for each request status, shared by the badge, the detail page and the filters.

export type StatusTone = "neutral" | "progress" | "waiting" | "success" | "failure";

interface StatusText {
  label: string;
  tone: StatusTone;
  explanation: string;
}

const STATUS_TEXT: Record<RequestStatus, StatusText> = {
  OPENING_PR: {
    label: "Opening pull request",
    tone: "progress",
    explanation: "The portal is opening the pull request in the GitOps repository.",
  },
  PR_FAILED: {
    label: "Pull request failed",
    tone: "failure",
    explanation: "The portal could not open the pull request. Nothing was created; retry once the cause below is fixed.",
  },
  PR_OPEN: {
    label: "In review",
    tone: "waiting",
    explanation: "Waiting for the platform team to review and merge the pull request.",
  },
  MERGED: {
    label: "Provisioning",
    tone: "progress",
    explanation: "The pull request is merged. The portal is creating the secret in AWS Secrets Manager.",
  },
  PROVISIONING_FAILED: {
    label: "Provisioning failed",
    tone: "failure",
    explanation:
      "The pull request is merged, but the portal did not create the secret in AWS Secrets Manager: a check before it refused, or AWS returned an error. The platform team can retry once the cause below is fixed.",
  },
  PROVISIONED: {
    label: "Provisioned",
    tone: "success",
    explanation:
      "The secret exists in AWS Secrets Manager. External Secrets Operator syncs it into the Kubernetes Secret at the refresh interval.",
  },
  REJECTED: {
    label: "Rejected",
    tone: "neutral",
    explanation: "The pull request was closed without merging, so no secret was created. The name is free again.",
  },
  CANCELLED: {
    label: "Cancelled",
    tone: "neutral",
    explanation: "The request was cancelled before it was merged, so no secret was created. The name is free again.",
  },
  AWAITING_VALUE: {
    label: "Awaiting value",
    tone: "waiting",
    explanation:
      "The pull request is merged. The secret is created in AWS Secrets Manager once a custodian enters its value.",
  },
};

const REVIEW_TEXT: Record<ReviewState, string> = {
  PENDING: "No review yet.",
  APPROVED: "Approved; waiting for someone to merge it.",
  CHANGES_REQUESTED: "A reviewer requested changes; see the pull request.",
};

// Statuses that change without user action, so their pages refresh on their own.
const TRANSITIONAL_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(["OPENING_PR", "MERGED"]);

export function statusLabel(status: RequestStatus): string {
  return STATUS_TEXT[status].label;
}

export function statusTone(status: RequestStatus): StatusTone {
  return STATUS_TEXT[status].tone;
}

export function statusExplanation(status: RequestStatus): string {
  return STATUS_TEXT[status].explanation;
}

export function reviewStateText(state: ReviewState): string {
  return REVIEW_TEXT[state];
}

export function isTransitionalStatus(status: RequestStatus): boolean {
  return TRANSITIONAL_STATUSES.has(status);
}
