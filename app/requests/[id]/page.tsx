// One request: what it creates, its status, how to consume it, and its history.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import type { ReactElement, ReactNode } from "react";
import { z } from "zod";

import { signInPath } from "@/app/signin/callback-url";
import { AuditTimeline } from "@/components/audit-timeline";
import { AutoRefresh } from "@/components/auto-refresh";
import { CancelRequestForm } from "@/components/cancel-request-form";
import { CodeBlock } from "@/components/code-block";
import { CustodianValueForm } from "@/components/custodian-value-form";
import { DateTime, formatUtc } from "@/components/date-time";
import { isTransitionalStatus, reviewStateText, statusExplanation } from "@/components/request-status-text";
import { RequestSecretDetails } from "@/components/request-secret-details";
import { RetryForm } from "@/components/retry-form";
import { RotateSecretForm } from "@/components/rotate-secret-form";
import { StatusBadge } from "@/components/status-badge";
import type { Actor } from "@/lib/auth/roles";
import { getActor } from "@/lib/auth/session";
import { canActOnRequest } from "@/lib/authz";
import { PortalError } from "@/lib/errors";
import { isCancellable } from "@/lib/requests/cancel-request";
import { buildConsumeSnippets } from "@/lib/requests/consume";
import { listRequestJobs } from "@/lib/jobs/queue";
import { getRequestDetail, type RequestDetail } from "@/lib/requests/queries";
import { nextRefreshBy } from "@/lib/requests/rotate-secret";
import { custodianFields } from "@/lib/requests/set-custodian-value";
import { getServices } from "@/lib/services";

import { JobStatus } from "./job-status";

export const metadata: Metadata = { title: "Request" };

const paramsSchema = z.object({ id: z.uuid() });

interface RequestPageProps {
  params: Promise<{ id: string }>;
}

export default async function RequestPage({ params }: RequestPageProps): Promise<ReactElement> {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { id } = parsed.data;

  const actor = await getActor();
  if (!actor) redirect(signInPath(`/requests/${id}`));

  const request = await loadRequest(actor, id);
  const retryStep = retryableStep(actor, request);
  const jobs = await listRequestJobs(getServices().db, request.id);

  return (
    <article className="space-y-10">
      <header>
        <p className="text-sm text-neutral-600">
          {request.environment} · {request.application}
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold tracking-tight">{request.secretName}</h1>
          <StatusBadge status={request.status} />
        </div>
      </header>

      <section aria-labelledby="status-heading" className="rounded-lg border border-neutral-200 bg-white p-5">
        <h2 id="status-heading" className="text-lg font-semibold">Status</h2>
        {/* Announced when the page refreshes itself and the status changes. */}
        <p aria-live="polite" className="mt-2">
          {statusExplanation(request.status)}
        </p>
        {request.status === "PR_OPEN" ? <p className="mt-1 text-sm text-neutral-700">{reviewStateText(request.reviewState)}</p> : null}
        {request.statusDetail ? (
          <p className="mt-3 rounded-md border border-neutral-200 bg-neutral-50 px-3 py-2 text-sm text-neutral-800">
            <span className="font-medium">Details: </span>
            {request.statusDetail}
          </p>
        ) : null}
        {request.pullRequestUrl ? (
          <p className="mt-3 text-sm">
            <a href={request.pullRequestUrl} className="font-medium text-blue-700 underline underline-offset-2">
              Pull request #{request.pullRequestNumber}
            </a>
            {request.branchName ? <span className="text-neutral-600"> from branch <code>{request.branchName}</code></span> : null}
          </p>
        ) : null}
        {retryStep ? (
          <div className="mt-4">
            <RetryForm requestId={request.id} step={retryStep} />
          </div>
        ) : null}
        {canActOnRequest(actor, "cancel", request) && isCancellable(request) ? (
          <div className="mt-4">
            <CancelRequestForm requestId={request.id} />
          </div>
        ) : null}
        {isTransitionalStatus(request.status) ? (
          <div className="mt-4">
            <AutoRefresh />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="text-lg font-semibold">Summary</h2>
        <dl className="mt-3 grid gap-x-6 gap-y-3 rounded-lg border border-neutral-200 bg-white p-5 text-sm sm:grid-cols-[max-content_1fr]">
          <SummaryRow term="Provider name" mono>{request.providerName}</SummaryRow>
          <SummaryRow term="Namespace" mono>{request.namespace}</SummaryRow>
          <SummaryRow term="Kubernetes Secret" mono>{request.kubernetesName}</SummaryRow>
          <SummaryRow term="Keys" mono>{request.keyNames.join(", ")}</SummaryRow>
          <SummaryRow term="Secret type" mono>{request.secretType}</SummaryRow>
          <SummaryRow term="Value source">{request.valueSource === "GENERATED" ? "Generated by policy" : "Supplied by a custodian"}</SummaryRow>
          <SummaryRow term="Refresh interval" mono>{request.refreshInterval}</SummaryRow>
          <RequestSecretDetails request={request} />
          <SummaryRow term="Requester">
            {request.requester.name} <span className="text-neutral-500">({request.requester.login})</span>
          </SummaryRow>
          <SummaryRow term="Created"><DateTime value={request.createdAt} /></SummaryRow>
          <SummaryRow term="Description">{request.description}</SummaryRow>
          {request.justification ? <SummaryRow term="Justification">{request.justification}</SummaryRow> : null}
        </dl>
      </section>

      {request.status === "AWAITING_VALUE" ? <AwaitingValueSection actor={actor} request={request} /> : null}

      {request.secretArn ? (
        <section aria-labelledby="provisioned-heading">
          <h2 id="provisioned-heading" className="text-lg font-semibold">In AWS Secrets Manager</h2>
          <dl className="mt-3 grid gap-x-6 gap-y-3 rounded-lg border border-neutral-200 bg-white p-5 text-sm sm:grid-cols-[max-content_1fr]">
            <SummaryRow term="ARN" mono>{request.secretArn}</SummaryRow>
            {request.secretVersionId ? <SummaryRow term="Version id" mono>{request.secretVersionId}</SummaryRow> : null}
            {request.provisionedAt ? <SummaryRow term="Provisioned"><DateTime value={request.provisionedAt} /></SummaryRow> : null}
            {request.rotatedAt ? <SummaryRow term="Value last changed"><DateTime value={request.rotatedAt} /></SummaryRow> : null}
            <CertificateRows request={request} />
          </dl>
          <p className="mt-2 text-sm text-neutral-600">The portal records where the value lives, never the value itself.</p>
          <ChangeValueSection actor={actor} request={request} />
        </section>
      ) : null}

      <JobStatus jobs={jobs} />

      <ConsumeSection request={request} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">History</h2>
        <div className="mt-4">
          <AuditTimeline events={request.events} />
        </div>
      </section>
    </article>
  );
}

async function loadRequest(actor: Actor, id: string): Promise<RequestDetail> {
  try {
    return await getRequestDetail(getServices(), actor, id);
  } catch (error) {
    if (error instanceof PortalError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** Returns the step the actor may retry on this request, in words for the button, or null. */
function retryableStep(actor: Actor, request: RequestDetail): string | null {
  if (!canActOnRequest(actor, "retry", request)) return null;
  if (request.status === "PR_FAILED") return "opening the pull request";
  if (request.status === "PROVISIONING_FAILED" && actor.roles.includes("platform")) return "provisioning";
  return null;
}

function AwaitingValueSection({ actor, request }: { actor: Actor; request: RequestDetail }): ReactElement {
  const application = getServices().config.applications.find((candidate) => candidate.name === request.application);
  const custodians = application?.custodianTeam ? `the ${application.custodianTeam} team or the platform team` : "the platform team";

  return (
    <section aria-labelledby="value-heading" className="rounded-lg border border-amber-300 bg-white p-5">
      <h2 id="value-heading" className="text-lg font-semibold">Enter the value</h2>
      {canActOnRequest(actor, "set-value", request) ? (
        <div className="mt-3">
          <CustodianValueForm requestId={request.id} fields={custodianFields(request)} mode="first" />
        </div>
      ) : (
        <p className="mt-2 text-sm text-neutral-700">A custodian from {custodians} enters the value; the secret is created then.</p>
      )}
    </section>
  );
}

function CertificateRows({ request }: { request: RequestDetail }): ReactElement | null {
  if (!request.certificateNotAfter) return null;
  const daysLeft = Math.floor((request.certificateNotAfter.getTime() - Date.now()) / (24 * 60 * 60 * 1000));

  return (
    <>
      <SummaryRow term="Certificate subject" mono>{request.certificateSubject ?? "unknown"}</SummaryRow>
      <SummaryRow term="Certificate issuer" mono>{request.certificateIssuer ?? "unknown"}</SummaryRow>
      <SummaryRow term="Certificate expires">
        <DateTime value={request.certificateNotAfter} /> ({daysLeft >= 0 ? `in ${daysLeft} days` : "expired"})
      </SummaryRow>
    </>
  );
}

/** Rotation for generated secrets, a new value for custodian secrets, for those allowed. */
function ChangeValueSection({ actor, request }: { actor: Actor; request: RequestDetail }): ReactElement | null {
  if (request.status !== "PROVISIONED") return null;

  if (request.valueSource === "GENERATED" && canActOnRequest(actor, "rotate", request)) {
    const lastChange = request.rotatedAt ?? request.provisionedAt;
    const synced = lastChange ? nextRefreshBy(lastChange, request.refreshInterval) : null;
    return (
      <div className="mt-4 rounded-lg border border-neutral-200 bg-white p-5">
        <h3 className="font-semibold">Rotate</h3>
        <p className="mt-1 text-sm text-neutral-700">
          Rotation generates a new value and makes it the current version in Secrets Manager. The old version stays as AWSPREVIOUS.
          {synced && lastChange
            ? ` The value changed at ${formatUtc(lastChange)}; External Secrets Operator copies it into the Kubernetes Secret by ${formatUtc(synced)} at the latest, one refresh interval later.`
            : ""}
        </p>
        <div className="mt-3">
          <RotateSecretForm requestId={request.id} secretLabel={request.providerName} refreshInterval={request.refreshInterval} />
        </div>
      </div>
    );
  }

  if (request.valueSource === "CUSTODIAN" && canActOnRequest(actor, "set-value", request)) {
    return (
      <details className="mt-4 rounded-lg border border-neutral-200 bg-white p-5">
        <summary className="cursor-pointer font-semibold">Replace the value</summary>
        <div className="mt-3">
          <CustodianValueForm requestId={request.id} fields={custodianFields(request)} mode="replace" />
        </div>
      </details>
    );
  }
  return null;
}

function ConsumeSection({ request }: { request: RequestDetail }): ReactElement {
  const snippets = buildConsumeSnippets({ kubernetesName: request.kubernetesName, namespace: request.namespace, keys: request.keyNames });

  return (
    <section aria-labelledby="consume-heading">
      <h2 id="consume-heading" className="text-lg font-semibold">How to consume</h2>
      <p className="mt-1 text-sm text-neutral-600">
        {request.status === "PROVISIONED"
          ? `External Secrets Operator creates the Secret ${request.kubernetesName} in namespace ${request.namespace}. Reference it from your pod spec:`
          : "Once the secret is provisioned, External Secrets Operator creates the Kubernetes Secret. Reference it from your pod spec:"}
      </p>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <CodeBlock title="All keys as environment variables (envFrom)" code={snippets.envFrom} copyLabel="envFrom snippet" />
        <CodeBlock title="Selected keys (env)" code={snippets.env} copyLabel="env snippet" />
      </div>
      <div className="mt-4">
        <CodeBlock
          title="Diagnose a failing sync with kubectl"
          code={snippets.diagnose.join("\n")}
          copyLabel="kubectl commands"
        />
      </div>
    </section>
  );
}

interface SummaryRowProps {
  term: string;
  mono?: boolean;
  children: ReactNode;
}

function SummaryRow({ term, mono = false, children }: SummaryRowProps): ReactElement {
  return (
    <>
      <dt className="font-medium text-neutral-500">{term}</dt>
      <dd className={mono ? "break-all font-mono" : "whitespace-pre-line"}>{children}</dd>
    </>
  );
}
