import type { PortalConfig } from "@/lib/config/schema";

// payments-api in dev uses Kustomize, so the sandbox shows the portal adding its files to
// `resources`; the comments show that the edit keeps them. Other folders have none.
const PAYMENTS_DEV_KUSTOMIZATION = [
  "# Kustomize entry point for payments-api in dev. Argo CD applies this folder.",
  "apiVersion: kustomize.config.k8s.io/v1beta1",
  "kind: Kustomization",
  "namespace: payments-dev # every resource below lands here",
  "",
  "# Secrets Portal appends its ExternalSecrets and the SecretStore to resources.",
  "resources:",
  "  # The workload first, then what it needs.",
  "  - deployment.yaml",
  "",
  "labels:",
  "  - pairs:",
  "      app.kubernetes.io/part-of: payments",
  "",
].join("\n");

const PAYMENTS_DEV_DEPLOYMENT = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: payments-api",
  "spec:",
  "  replicas: 1",
  "  selector:",
  "    matchLabels:",
  "      app: payments-api",
  "  template:",
  "    metadata:",
  "      labels:",
  "        app: payments-api",
  "    spec:",
  "      containers:",
  "        - name: api",
  "          image: ghcr.io/acme/payments-api:1.0.0",
  "",
].join("\n");

/** Files of the simulated GitOps repository's first commit. */
export function gitopsSeedFiles(config: PortalConfig): Record<string, string> {
  const applications = config.applications.map((application) => `- \`apps/${application.name}/\`: ${application.description ?? application.name}`);
  const files: Record<string, string> = {
    "README.md": [
      `# ${config.gitops.owner}/${config.gitops.repo} (sandbox)`,
      "",
      "The GitOps repository of the Secrets Portal sandbox. Secrets Portal opens pull requests that add",
      "External Secrets Operator manifests here; no secret value is ever committed.",
      "",
      ...applications,
      "",
    ].join("\n"),
  };

  if (config.applications.some((application) => application.name === "payments-api") && config.environments.some((environment) => environment.name === "dev")) {
    files["apps/payments-api/dev/kustomization.yaml"] = PAYMENTS_DEV_KUSTOMIZATION;
    files["apps/payments-api/dev/deployment.yaml"] = PAYMENTS_DEV_DEPLOYMENT;
  }
  return files;
}
