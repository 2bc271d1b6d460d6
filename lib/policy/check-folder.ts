import "server-only";

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { checkManifestText } from "./check-manifest-text";
import type { SchemaValidation } from "./check-manifests";
import type { PolicyFinding } from "./finding";
import type { PolicyConfigView } from "./scope";

// Folders that never hold manifests of the checked repository.
const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);
const MANIFEST_FILE = /\.ya?ml$/i;

export interface FolderCheck {
  findings: PolicyFinding[];
  /** Number of YAML files read. */
  files: number;
}

async function listYamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  // Code-unit order, so the output does not depend on the locale.
  entries.sort((left, right) => Number(left.name > right.name) - Number(left.name < right.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) files.push(...(await listYamlFiles(full)));
    if (entry.isFile() && MANIFEST_FILE.test(entry.name)) files.push(full);
  }
  return files;
}

/**
 * Checks every ExternalSecret, SecretStore and ClusterSecretStore in the YAML files under
 * `folder`, in path order. Findings name files relative to `relativeTo`.
 */
export async function checkFolder(
  config: PolicyConfigView,
  folder: string,
  options: { relativeTo: string; validateSchema?: (manifest: unknown) => SchemaValidation },
): Promise<FolderCheck> {
  const files = await listYamlFiles(folder);
  const findings: PolicyFinding[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const displayPath = path.relative(options.relativeTo, file).split(path.sep).join("/") || path.basename(file);
    findings.push(...checkManifestText(config, text, { path: displayPath, validateSchema: options.validateSchema }));
  }
  return { findings, files: files.length };
}

/** Formats a finding as one line: `file:line: severity [rule] Kind namespace/name: message Fix: fix`. */
export function formatFinding(finding: PolicyFinding): string {
  const location = finding.file ? `${finding.file}${finding.line !== undefined ? `:${finding.line}` : ""}: ` : "";
  const resource = finding.resource ? `${finding.resource}: ` : "";
  return `${location}${finding.severity} [${finding.ruleId}] ${resource}${finding.message} Fix: ${finding.fix}`;
}
