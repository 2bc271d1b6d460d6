import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from "yaml";

import { checkManifests, isCheckedManifest, type CheckManifestsOptions, type FieldPath } from "./check-manifests";
import { withSeverity, type PolicyFinding } from "./finding";
import type { PolicyConfigView } from "./scope";

// Kubernetes tools read YAML 1.1, as serialize-manifest.ts explains.
const YAML_VERSION = "1.1";

// A file that cannot be parsed is reported only when it appears to contain a checked kind,
// so Helm templates and other non-manifest YAML in a GitOps repository do not fail the check.
const CHECKED_KIND_TEXT = /^\s*kind:\s*["']?(ExternalSecret|SecretStore|ClusterSecretStore)["']?\s*(#.*)?$/m;

export interface ManifestText {
  /** Plain values of the file's non-empty documents that parsed without errors. */
  documents: unknown[];
  /** Returns the 1-based line of a field, or of its nearest parent that exists. */
  locate(index: number, fieldPath: FieldPath): number | undefined;
  /** The first syntax error of each document that has one, with its line. */
  errors: Array<{ message: string; line: number }>;
}

/** Parses every YAML document of a manifest file and keeps their source positions. */
export function readManifestText(text: string): ManifestText {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { version: YAML_VERSION, uniqueKeys: true, lineCounter });
  const all: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];

  const errors: ManifestText["errors"] = [];
  for (const document of all) {
    const [error] = document.errors;
    if (!error) continue;
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    // The library appends "at line N, column M:" and a source excerpt; the line is reported separately.
    const message = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
    errors.push({ message, line });
  }

  const parsedDocuments = all.filter((document) => document.errors.length === 0 && document.contents !== null);
  return {
    documents: parsedDocuments.map((document) => document.toJS() as unknown),
    errors,
    locate(index, fieldPath) {
      const document = parsedDocuments[index];
      if (!document) return undefined;
      for (let length = fieldPath.length; length >= 0; length -= 1) {
        const offset = nodeOffset(document, fieldPath.slice(0, length));
        if (offset !== undefined) return lineCounter.linePos(offset).line;
      }
      return undefined;
    },
  };
}

// A finding points at the key of a mapping entry where there is one, so `path:line` lands
// on `key: value` rather than on the first line of a nested block.
function nodeOffset(document: Document.Parsed, fieldPath: FieldPath): number | undefined {
  if (fieldPath.length === 0) return document.contents?.range?.[0];

  const parentPath = fieldPath.slice(0, -1);
  const last = fieldPath.at(-1);
  const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
  if (last !== undefined && isMap(parent)) {
    const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === last);
    const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
    if (keyRange) return keyRange[0];
  }
  if (last !== undefined && isSeq(parent) && typeof last === "number") {
    const itemRange = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
    if (itemRange) return itemRange[0];
  }
  const node = document.getIn(fieldPath, true) as { range?: [number, number, number] } | undefined;
  return node?.range?.[0];
}

/**
 * Checks one manifest file: parses it, skips documents of other kinds, and returns the
 * findings in line order with the file and line of each. Each document that is not valid
 * YAML yields a `manifest-syntax` finding when the file appears to hold a checked kind.
 */
export function checkManifestText(
  config: PolicyConfigView,
  text: string,
  options: Pick<CheckManifestsOptions, "path" | "validateSchema"> = {},
): PolicyFinding[] {
  const manifest = readManifestText(text);
  const file = options.path !== undefined ? { file: options.path } : {};
  const syntax = CHECKED_KIND_TEXT.test(text)
    ? withSeverity(
        config,
        manifest.errors.map((error) => ({
          ruleId: "manifest-syntax" as const,
          message: `Invalid YAML: ${error.message}.`,
          fix: "Correct the YAML syntax.",
          ...file,
          line: error.line,
        })),
      )
    : [];

  const findings = [...syntax, ...checkManifests(config, manifest.documents, { ...options, locate: manifest.locate })];
  return findings.sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
}

/** Returns true when the text contains at least one ExternalSecret, SecretStore or ClusterSecretStore. */
export function holdsCheckedManifest(text: string): boolean {
  const manifest = readManifestText(text);
  return manifest.documents.some(isCheckedManifest) || (manifest.errors.length > 0 && CHECKED_KIND_TEXT.test(text));
}
