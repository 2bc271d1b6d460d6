import type { ReactElement } from "react";

import { DateTime } from "@/components/date-time";
import type { JobKind, RequestJob } from "@/lib/jobs/queue";

// Background jobs of one request: their state, attempts and last error, so a failure is
// visible on the page and not only in the logs.

// Typed by JobKind, so a new kind fails the type check until it has a label.
const KIND_LABELS: Record<JobKind, string> = {
  "provision-secret": "Create the secret in AWS Secrets Manager",
  "comment-pull-request": "Comment on the pull request",
  "check-pull-request-policy": "Check the pull request against the policy",
  "refresh-pull-request": "Rebuild the branch if it conflicts with the base branch",
};

const STATUS_LABELS: Record<RequestJob["status"], string> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Done",
  FAILED: "Failed",
};

function JobRow({ job, now }: { job: RequestJob; now: Date }): ReactElement {
  const waiting = job.status === "QUEUED" && job.runAt > now && job.attempts > 0;
  return (
    <li className="py-3">
      <p className="font-medium">{KIND_LABELS[job.kind as JobKind] ?? job.kind}</p>
      <p className="text-neutral-700">
        {STATUS_LABELS[job.status]} · attempt {job.attempts} of {job.maxAttempts}
        {waiting ? (
          <>
            {" "}
            · next attempt at <DateTime value={job.runAt} />
          </>
        ) : null}
      </p>
      {job.lastError && job.status !== "SUCCEEDED" ? (
        <p className="mt-1 break-words text-red-800">
          <span className="font-medium">Last error: </span>
          {job.lastError}
        </p>
      ) : null}
    </li>
  );
}

export function JobStatus({ jobs }: { jobs: RequestJob[] }): ReactElement | null {
  if (jobs.length === 0) return null;
  const now = new Date();

  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading" className="text-lg font-semibold">Background jobs</h2>
      <ul className="mt-3 divide-y divide-neutral-200 rounded-lg border border-neutral-200 bg-white px-5 text-sm">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} now={now} />
        ))}
      </ul>
    </section>
  );
}
