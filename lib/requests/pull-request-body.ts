import type { RepositoryFile } from "@/lib/integrations/github/gitops-repository";

export interface PullRequestBodyInput {
  requestId: string;
  requestUrl: string;
  requester: string;
  environment: string;
  application: string;
  namespace: string;
  providerName: string;
  kubernetesName: string;
  secretType: string;
  keys: string[];
  refreshInterval: string;
  description: string;
  justification: string;
  files: Array<RepositoryFile & { kind: string }>;
}

// Markdown that GitHub renders; user text goes into quoted blocks and inline code, with
// backticks and HTML stripped so it cannot break out of them or hide content.
function inlineCode(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, " ")}\``;
}

function quoted(text: string): string {
  return text
    .replace(/[<>]/g, "")
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join("\n");
}

export function buildPullRequestTitle(input: Pick<PullRequestBodyInput, "environment" | "application" | "kubernetesName">): string {
  return `Add secret ${input.kubernetesName} for ${input.application} (${input.environment})`;
}

export function buildPullRequestBody(input: PullRequestBodyInput): string {
  const fileLines = input.files.map((file) => `- ${file.kind} ${inlineCode(file.path)}`);
  const keyList = input.keys.map(inlineCode).join(", ");

  return [
    `Requested by @${input.requester} through Secrets Portal: ${input.requestUrl}`,
    "",
    "### What this creates",
    "",
    ...fileLines,
    "",
    "| | |",
    "|---|---|",
    `| Environment | ${inlineCode(input.environment)} |`,
    `| Application | ${inlineCode(input.application)} |`,
    `| Namespace | ${inlineCode(input.namespace)} |`,
    `| Kubernetes Secret | ${inlineCode(input.kubernetesName)} (${inlineCode(input.secretType)}) |`,
    `| Keys | ${keyList} |`,
    `| AWS Secrets Manager name | ${inlineCode(input.providerName)} |`,
    `| Refresh interval | ${inlineCode(input.refreshInterval)} |`,
    "",
    "### Description",
    "",
    quoted(input.description),
    ...(input.justification ? ["", "### Justification", "", quoted(input.justification)] : []),
    "",
    "### After merge",
    "",
    "Secrets Portal generates the value and creates the secret in AWS Secrets Manager, then comments here.",
    "No value is ever written to this repository.",
    "",
    `<!-- secrets-portal:request:${input.requestId} -->`,
  ].join("\n");
}
