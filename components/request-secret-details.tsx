import type { ReactElement, ReactNode } from "react";
import { z } from "zod";

import { describeValuePolicy, valuePolicySchema } from "@/lib/requests/value-policy";

interface RequestSecretDetailsProps {
  request: {
    username: string | null;
    useDataFrom: boolean;
    keyPolicies: unknown;
    labels: unknown;
    annotations: unknown;
  };
}

const metadataSchema = z.record(z.string(), z.string());
const policiesSchema = z.record(z.string(), valuePolicySchema);

function Row({ term, mono = false, children }: { term: string; mono?: boolean; children: ReactNode }): ReactElement {
  return (
    <>
      <dt className="font-medium text-neutral-500">{term}</dt>
      <dd className={mono ? "break-all font-mono" : "whitespace-pre-line"}>{children}</dd>
    </>
  );
}

function lines(entries: Record<string, string>): string {
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/** Renders the summary rows for a request's username, dataFrom choice, value policies, labels and annotations; never a value. */
export function RequestSecretDetails({ request }: RequestSecretDetailsProps): ReactElement {
  const policies = policiesSchema.safeParse(request.keyPolicies);
  const labels = metadataSchema.safeParse(request.labels);
  const annotations = metadataSchema.safeParse(request.annotations);

  return (
    <>
      {request.username ? (
        <Row term="Username" mono>
          {request.username}
        </Row>
      ) : null}
      <Row term="Keys read with">{request.useDataFrom ? "dataFrom.extract (every key of the secret)" : "one data entry per key"}</Row>
      {policies.success && Object.keys(policies.data).length > 0 ? (
        <Row term="Value policies">
          {Object.entries(policies.data)
            .map(([key, policy]) => `${key}: ${describeValuePolicy(policy)}`)
            .join("\n")}
        </Row>
      ) : null}
      {labels.success && Object.keys(labels.data).length > 0 ? (
        <Row term="Secret labels" mono>
          <span className="whitespace-pre-line">{lines(labels.data)}</span>
        </Row>
      ) : null}
      {annotations.success && Object.keys(annotations.data).length > 0 ? (
        <Row term="Secret annotations" mono>
          <span className="whitespace-pre-line">{lines(annotations.data)}</span>
        </Row>
      ) : null}
    </>
  );
}
