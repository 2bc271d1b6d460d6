import "server-only";

import { recordAuditEvent } from "@/lib/audit/record-event";
import type { SecretRequest } from "@/lib/db";
import { PortalError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { renderPathTemplate } from "@/lib/naming/path-template";
import { checkManifestText, readManifestText, type PolicyFinding } from "@/lib/policy";
import { validateManifestSchema } from "@/lib/policy/schema-validator";
import type { Services } from "@/lib/services";

import { externalSecretPathFor } from "./open-pull-request";

const log = logger.child({ component: "provisioning" });

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Lists the Secrets Manager names an ExternalSecret reads with data[].remoteRef.key and dataFrom[].extract.key. */
function remoteKeys(manifest: Node): Set<string | undefined> {
  const spec = isNode(manifest.spec) ? manifest.spec : {};
  const data = Array.isArray(spec.data) ? spec.data : [];
  const dataFrom = Array.isArray(spec.dataFrom) ? spec.dataFrom : [];
  const keys = new Set<string | undefined>();
  for (const entry of data) {
    const remoteRef = isNode(entry) && isNode(entry.remoteRef) ? entry.remoteRef : {};
    keys.add(typeof remoteRef.key === "string" ? remoteRef.key : undefined);
  }
  for (const entry of dataFrom) {
    if (!isNode(entry)) continue;
    if (isNode(entry.extract)) keys.add(typeof entry.extract.key === "string" ? entry.extract.key : undefined);
    // `find` reads secrets by search, not by name, so the merged manifest no longer names this request's secret.
    if (isNode(entry.find)) keys.add(undefined);
  }
  return keys;
}

function describeViolation(finding: PolicyFinding): string {
  const where = finding.file ? ` in ${finding.file}${finding.line !== undefined ? `:${finding.line}` : ""}` : "";
  return `policy rule ${finding.ruleId} failed${where}: ${finding.message} Fix: ${finding.fix}`;
}

/**
 * Re-reads the ExternalSecret (and the SecretStore, when the merge commit has one) from
 * the merge commit, because a reviewer may have edited the branch. The portal provisions
 * only when the merged ExternalSecret still reads this request's provider name and the
 * merged files pass the policy. A violation is recorded as a `policy.violation` audit
 * event and thrown as a CONFLICT PortalError naming the rule and the fix.
 */
export async function verifyMergedManifest(services: Services, request: SecretRequest): Promise<void> {
  if (!request.mergeCommitSha) throw new PortalError("CONFLICT", "The merge commit of the pull request is unknown.");
  const path = externalSecretPathFor(services, request);
  const text = await services.github.readFile(path, request.mergeCommitSha);
  if (text === null) throw new PortalError("CONFLICT", `The merged commit has no file ${path}; nothing was provisioned.`);

  const parsed = readManifestText(text);
  const [syntaxError] = parsed.errors;
  if (syntaxError) {
    throw new PortalError("CONFLICT", `The merged file ${path} is not valid YAML (line ${syntaxError.line}: ${syntaxError.message}); nothing was provisioned.`);
  }
  const manifest = parsed.documents.find((document) => isNode(document) && document.kind === "ExternalSecret");
  if (!isNode(manifest)) throw new PortalError("CONFLICT", `The merged file ${path} contains no ExternalSecret; nothing was provisioned.`);

  const keys = remoteKeys(manifest);
  if (keys.size !== 1 || !keys.has(request.providerName)) {
    const read = [...keys].map((key) => key ?? "(a search or a missing key)").join(", ") || "nothing";
    throw new PortalError("CONFLICT", `The merged ExternalSecret in ${path} reads ${read}, not ${request.providerName}; nothing was provisioned.`);
  }

  const violations = await mergedPolicyViolations(services, request, path, text);
  const [first] = violations;
  if (!first) return;

  const ruleIds = [...new Set(violations.map((finding) => finding.ruleId))];
  await recordAuditEvent(services.db, {
    requestId: request.id,
    actor: "system",
    action: "policy.violation",
    detail: {
      ruleIds,
      mergeCommitSha: request.mergeCommitSha,
      // Strings, not objects, so the request's timeline can list them.
      locations: violations.map((finding) => `${finding.file ?? path}:${finding.line ?? "?"} ${finding.ruleId} (${finding.resource ?? "file"})`),
    },
  });
  log.warn({ requestId: request.id, ruleIds, mergeCommitSha: request.mergeCommitSha }, "merged manifests break the policy; not provisioned");
  const more = violations.length > 1 ? ` (${violations.length - 1} more: ${ruleIds.join(", ")})` : "";
  throw new PortalError("CONFLICT", `The merged manifests break the policy, so nothing was provisioned: ${describeViolation(first)}${more}`);
}

async function mergedPolicyViolations(services: Services, request: SecretRequest, path: string, text: string): Promise<PolicyFinding[]> {
  const storePath = renderPathTemplate(services.config.gitops.paths.secretStore, {
    environment: request.environment,
    application: request.application,
    name: request.secretName,
    namespace: request.namespace,
  });
  const files = [{ path, content: text }];
  const store = request.mergeCommitSha ? await services.github.readFile(storePath, request.mergeCommitSha) : null;
  if (store !== null) files.push({ path: storePath, content: store });

  return files
    .flatMap((file) => checkManifestText(services.config, file.content, { path: file.path, validateSchema: validateManifestSchema }))
    .filter((finding) => finding.severity === "error");
}
