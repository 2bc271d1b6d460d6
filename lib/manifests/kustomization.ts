import { isMap, isSeq, parseDocument, type Document } from "yaml";

import { ManifestError } from "./manifest-error";

// Kustomize reads any of these names; a folder with more than one is an error in kustomize itself.
export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

function parentFolder(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function joinPath(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/**
 * Lists the folders, nearest first, whose kustomization could list `filePath`: the file's
 * own folder and its parents up to `rootFolder` (the application's folder). A file outside
 * `rootFolder` is looked up only in its own folder.
 */
export function kustomizationFolders(filePath: string, rootFolder: string): string[] {
  const folders: string[] = [];
  let folder = parentFolder(filePath);
  const underRoot = rootFolder === "" || folder === rootFolder || folder.startsWith(`${rootFolder}/`);

  for (;;) {
    folders.push(folder);
    if (!underRoot || folder === rootFolder || folder === "") break;
    folder = parentFolder(folder);
  }
  return folders;
}

/** Lists every kustomization file path that could list one of `filePaths`, for an existence check. */
export function kustomizationCandidates(filePaths: readonly string[], rootFolder: string): string[] {
  const candidates = new Set<string>();
  for (const filePath of filePaths) {
    for (const folder of kustomizationFolders(filePath, rootFolder)) {
      for (const name of KUSTOMIZATION_FILE_NAMES) candidates.add(joinPath(folder, name));
    }
  }
  return [...candidates];
}

/** Finds the nearest existing kustomization file for `filePath`, or null when none of its folders has one. */
export function nearestKustomization(filePath: string, rootFolder: string, existing: ReadonlySet<string>): string | null {
  for (const folder of kustomizationFolders(filePath, rootFolder)) {
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const candidate = joinPath(folder, name);
      if (existing.has(candidate)) return candidate;
    }
  }
  return null;
}

/** Returns `filePath` relative to the folder of `kustomizationPath`, as kustomize resolves `resources` entries. */
export function relativeResourcePath(kustomizationPath: string, filePath: string): string {
  const folder = parentFolder(kustomizationPath);
  if (folder === "") return filePath;
  if (!filePath.startsWith(`${folder}/`)) {
    throw new ManifestError(`${filePath} is not inside the folder of ${kustomizationPath}, so it cannot be listed there`);
  }
  return filePath.slice(folder.length + 1);
}

// A `resources:` key followed by a dash in the same column: the file does not indent its
// sequences, and the output should not either.
const UNINDENTED_SEQUENCE = /^([ \t]*)resources:[ \t]*(#.*)?\r?\n(?:[ \t]*#.*\r?\n)*\1- /m;

/**
 * Appends `resources` entries to a kustomization file, keeping its comments, key order and
 * existing entries. Entries already listed are skipped. Returns the new text, or null when
 * nothing had to be added. Throws ManifestError when the file is not a kustomization map.
 */
export function addKustomizationResources(text: string, path: string, resources: readonly string[]): string | null {
  const document: Document = parseDocument(text, { keepSourceTokens: false });
  const [error] = document.errors;
  if (error) throw new ManifestError(`${path} is not valid YAML (${error.message}); fix it before adding secrets`);
  if (!isMap(document.contents)) {
    throw new ManifestError(`${path} is not a kustomization: its top level must be a map with a resources list`);
  }

  const current = document.get("resources", true);
  if (current !== undefined && current !== null && !isSeq(current)) {
    throw new ManifestError(`${path} has a resources entry that is not a list; make it a list of file paths`);
  }

  const listed = new Set(isSeq(current) ? current.items.map((item) => String((item as { value?: unknown }).value ?? item)) : []);
  const missing = resources.filter((resource) => !listed.has(resource));
  if (missing.length === 0) return null;

  if (isSeq(current)) {
    for (const resource of missing) current.add(document.createNode(resource));
  } else {
    document.set("resources", document.createNode([...missing]));
  }
  return document.toString({ lineWidth: 0, indentSeq: !UNINDENTED_SEQUENCE.test(text) });
}
