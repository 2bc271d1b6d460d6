// Command line for policy as code: `check` lints a GitOps checkout, `render` prints the
// manifests of a request given as flags. Exit codes: 0 clean, 1 violations, 2 usage or
// configuration errors. Run through `npm run policy -- <command> ...`.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { ConfigError, DEFAULT_CONFIG_PATH, loadPortalConfig } from "@/lib/config/load";
import type { PortalConfig } from "@/lib/config/schema";
import { CrdSchemasMissingError, loadCrdValidator, resolveCrdDirectory } from "@/lib/manifests/crd-schemas";
import { ManifestError } from "@/lib/manifests/manifest-error";
import { NamingError } from "@/lib/naming/naming-error";
import { hasViolations } from "@/lib/policy";
import { checkFolder, formatFinding } from "@/lib/policy/check-folder";
import { renderRequestManifests } from "@/lib/policy/render-request-manifests";

const USAGE = `Usage:
  npm run policy -- check <folder> [--config <portal.config.yaml>] [--crds <folder>]
  npm run policy -- render --environment <env> --application <app> --name <secret-name>
                           --keys <key,key> [--refresh-interval <duration>] [--type <secret type>]
                           [--data-from] [--label key=value ...] [--annotation key=value ...]
                           [--description <text>] [--justification <text>] [--config <portal.config.yaml>]

check   lints every ExternalSecret, SecretStore and ClusterSecretStore in the YAML files
        under <folder> against the ESO CRD schemas and the portal's policy.
render  prints the manifests the portal would commit for such a request.

--data-from   read every key with dataFrom.extract instead of one data entry per key
--label, --annotation  labels and annotations for the generated Secret (repeatable)
--config  portal configuration (default: $PORTAL_CONFIG, else ./portal.config.yaml)
--crds    folder with the ESO CRD YAML files (default: $ESO_CRDS_DIR, else the portal's copy)

Exit status: 0 no violations, 1 violations, 2 usage or configuration error.`;

class UsageError extends Error {}

// npm runs scripts from the package folder; INIT_CWD is where the person typed the command.
const invocationDirectory = process.env.INIT_CWD ?? process.cwd();

function loadConfig(option: string | undefined): PortalConfig {
  const file = path.resolve(invocationDirectory, option ?? process.env.PORTAL_CONFIG ?? DEFAULT_CONFIG_PATH);
  return loadPortalConfig(file);
}

async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: "string" }, crds: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError("check needs exactly one folder");
  const folder = path.resolve(invocationDirectory, positionals[0] ?? ".");
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`folder ${folder} does not exist`);

  const config = loadConfig(values.config);
  const crdDirectory = values.crds ? path.resolve(invocationDirectory, values.crds) : resolveCrdDirectory();
  const validator = loadCrdValidator(crdDirectory);

  const result = await checkFolder(config, folder, { relativeTo: invocationDirectory, validateSchema: validator.validate });
  for (const finding of result.findings) process.stdout.write(`${formatFinding(finding)}\n`);

  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const warnings = result.findings.length - errors;
  process.stderr.write(`Checked ${result.files} YAML files: ${errors} violations, ${warnings} warnings.\n`);
  return hasViolations(result.findings) ? 1 : 0;
}

function parsePairs(pairs: string[], flag: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    if (separator <= 0) throw new UsageError(`${flag} ${pair} must be key=value`);
    entries[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return entries;
}

async function runRender(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      config: { type: "string" },
      environment: { type: "string" },
      application: { type: "string" },
      name: { type: "string" },
      keys: { type: "string" },
      "refresh-interval": { type: "string" },
      type: { type: "string" },
      "data-from": { type: "boolean" },
      label: { type: "string", multiple: true },
      annotation: { type: "string", multiple: true },
      description: { type: "string" },
      justification: { type: "string" },
    },
  });
  const missing = ["environment", "application", "name", "keys"].filter((flag) => !values[flag as keyof typeof values]);
  if (missing.length > 0) throw new UsageError(`render needs ${missing.map((flag) => `--${flag}`).join(", ")}`);

  const config = loadConfig(values.config);
  const rendered = renderRequestManifests(config, {
    environment: values.environment ?? "",
    application: values.application ?? "",
    secretName: values.name ?? "",
    keys: (values.keys ?? "").split(",").map((key) => key.trim()).filter((key) => key !== ""),
    refreshInterval: values["refresh-interval"],
    secretType: values.type,
    useDataFrom: values["data-from"],
    labels: parsePairs(values.label ?? [], "--label"),
    annotations: parsePairs(values.annotation ?? [], "--annotation"),
    description: values.description,
    justification: values.justification,
  });

  for (const file of rendered.files) process.stdout.write(`# ${file.path}\n${file.content}---\n`);
  for (const finding of rendered.findings) process.stderr.write(`${formatFinding(finding)}\n`);
  return hasViolations(rendered.findings) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "check") return await runCheck(rest);
    if (command === "render") return await runRender(rest);
    if (command === "help" || command === "--help" || command === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(command ? `unknown command "${command}"` : "a command is required");
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`policy: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof CrdSchemasMissingError || error instanceof ManifestError || error instanceof NamingError) {
      process.stderr.write(`policy: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
