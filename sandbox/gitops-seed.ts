import type { PortalConfig } from "@/lib/config/schema";

/** Files of the simulated GitOps repository's first commit. */
export function gitopsSeedFiles(config: PortalConfig): Record<string, string> {
  const applications = config.applications.map((application) => `- \`apps/${application.name}/\`: ${application.description ?? application.name}`);
  return {
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
}
