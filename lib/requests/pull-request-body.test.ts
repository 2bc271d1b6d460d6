import { describe, expect, it } from "vitest";

import { buildPullRequestBody, type PullRequestBodyInput } from "./pull-request-body";

const input: PullRequestBodyInput = {
  requestId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  requestUrl: "http://localhost:3000/requests/7c9e6679-7425-40de-944b-e07fc1f90ae7",
  requester: "dana-dev",
  environment: "dev",
  application: "payments-api",
  namespace: "payments-dev",
  providerName: "/dev/payments-api/ingress-tls",
  kubernetesName: "ingress-tls",
  secretType: "kubernetes.io/tls",
  keys: ["tls.crt", "tls.key"],
  refreshInterval: "1h",
  refreshCost: "720 API calls, about USD 0.0036 per month",
  shorterInterval: "15m instead of 1h: a rotated value reaches the Kubernetes Secret up to 45 min sooner",
  valueSource: "CUSTODIAN",
  description: "Certificate of the ingress",
  justification: "",
  files: [
    { path: "apps/payments-api/dev/external-secrets/ingress-tls.yaml", content: "", kind: "ExternalSecret", change: "added" },
    { path: "apps/payments-api/dev/kustomization.yaml", content: "", kind: "Kustomization", change: "modified" },
  ],
};

describe("buildPullRequestBody", () => {
  it("lists the cost estimate", () => {
    expect(buildPullRequestBody(input)).toContain("| Estimated API cost | 720 API calls, about USD 0.0036 per month");
  });

  it("explains a shorter interval", () => {
    expect(buildPullRequestBody(input)).toContain("A shorter interval: 15m instead of 1h");
  });

  it("names the type and keys", () => {
    expect(buildPullRequestBody(input)).toContain("`ingress-tls` (`kubernetes.io/tls`)");
    expect(buildPullRequestBody(input)).toContain("| Keys | `tls.crt`, `tls.key` |");
  });

  it("marks changed files", () => {
    expect(buildPullRequestBody(input)).toContain("- Updates Kustomization `apps/payments-api/dev/kustomization.yaml`");
    expect(buildPullRequestBody(input)).toContain("- Adds ExternalSecret");
  });

  it("describes the custodian step", () => {
    expect(buildPullRequestBody(input)).toContain("| Value source | supplied by a custodian after merge |");
    expect(buildPullRequestBody(input)).toContain("A custodian enters the value");
  });

  it("mentions dataFrom", () => {
    expect(buildPullRequestBody({ ...input, useDataFrom: true })).toContain("(read with `dataFrom.extract`)");
  });
});
