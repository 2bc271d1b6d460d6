// Words for audit events on a request's timeline. Unknown actions fall back to their id,
// so a new event type still shows up before it has a label here.

const ACTION_LABELS: Record<string, string> = {
  "request.created": "Created the request",
  "pull_request.opened": "Opened the pull request",
  "pull_request.failed": "Could not open the pull request",
  "pull_request.retried": "Retried opening the pull request",
  "pull_request.reviewed": "Reviewed the pull request",
  "pull_request.merged": "Merged the pull request",
  "pull_request.closed": "Closed the pull request without merging",
  "pull_request.rebuilt": "Rebuilt the branch on the base branch after a conflicting merge",
  "secret.provisioned": "Created the secret in AWS Secrets Manager",
  "secret.provisioning_failed": "Could not create the secret in AWS Secrets Manager",
  "secret.provisioning_retried": "Retried provisioning",
  "secret.provisioning_attempt_failed": "A provisioning attempt failed; it will be retried",
  "secret.four_eyes_failed": "Refused to provision: the merge lacks the required approvals",
  "secret.awaiting_value": "Waiting for a custodian to enter the value",
  "secret.value_replaced": "Stored a new value from a custodian",
  "secret.value_rejected": "Rejected a custodian's value; nothing was stored",
  "secret.rotated": "Rotated the secret",
  "request.cancelled": "Cancelled the request",
  "policy.violation": "Found a policy violation in the merged manifests",
  "audit.exported": "Exported the audit trail",
};

const DETAIL_LABELS: Record<string, string> = {
  number: "Pull request",
  url: "Pull request URL",
  branch: "Branch",
  files: "Files",
  state: "Review",
  mergeCommitSha: "Merge commit",
  providerName: "Provider name",
  environment: "Environment",
  application: "Application",
  keys: "Keys",
  arn: "ARN",
  versionId: "Version id",
  previousVersionId: "Previous version id",
  previousStatus: "Previous status",
  source: "Value from",
  certificateSubject: "Certificate subject",
  certificateNotAfter: "Certificate expires",
  error: "Error",
  deliveryId: "Webhook delivery",
  mergedBy: "Merged by",
  requester: "Requester",
  approvers: "Approved by",
  required: "Approvals required",
  reviewer: "Reviewer",
  attempt: "Attempt",
  maxAttempts: "Attempts allowed",
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Names who acted: a portal login, a GitHub user reported by a webhook, or the portal itself. */
export function auditActorLabel(actor: string): string {
  if (actor === "system") return "Secrets Portal (background job)";
  if (actor === "system:reconciler") return "Secrets Portal (reconciler, from GitHub's state)";
  if (actor.startsWith("github:")) return `${actor.slice("github:".length)} on GitHub`;
  return actor;
}

export interface DetailEntry {
  label: string;
  value: string;
}

/**
 * Lists an event's detail as label and text pairs. Audit details hold ids, names and
 * states only, so every scalar and list of scalars is shown; nested objects are skipped.
 */
export function describeAuditDetail(detail: unknown): DetailEntry[] {
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) return [];

  const entries: DetailEntry[] = [];
  for (const [key, value] of Object.entries(detail)) {
    const text = scalarText(value) ?? listText(value);
    if (text === null || text === "") continue;
    entries.push({ label: DETAIL_LABELS[key] ?? key, value: key === "number" ? `#${text}` : text });
  }
  return entries;
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function listText(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const items = value.map(scalarText);
  return items.every((item) => item !== null) ? items.join(", ") : null;
}
