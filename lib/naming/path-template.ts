import { NamingError } from "./naming-error";
import { fillPlaceholders } from "./placeholders";

export interface PathTemplateVariables {
  environment: string;
  application: string;
  name: string;
  namespace: string;
}

/**
 * Renders a GitOps repository path such as `apps/{application}/{environment}/secret-store.yaml`.
 * Throws NamingError when a value contains a path separator or the result is absolute,
 * leaves the repository (`..`), or has empty or `.` segments, so a file lands only
 * where the template puts it.
 */
export function renderPathTemplate(template: string, variables: PathTemplateVariables): string {
  for (const [key, value] of Object.entries(variables)) {
    if (value.length === 0 || /[/\\]/.test(value) || value === "." || value === "..") {
      throw new NamingError(
        `Path value {${key}} "${value}" must be a non-empty single path segment without '/' or '\\'`,
      );
    }
  }

  const path = fillPlaceholders(template, { ...variables }, "GitOps path template");

  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\")) {
    throw new NamingError(
      `GitOps path "${path}" must be relative to the repository root and use '/' separators; fix the path template`,
    );
  }
  const segments = path.split("/");
  if (segments.includes("..")) {
    throw new NamingError(`GitOps path "${path}" must not contain '..'; fix the path template`);
  }
  if (segments.some((segment) => segment === "" || segment === ".")) {
    throw new NamingError(`GitOps path "${path}" has an empty or '.' segment; fix the path template`);
  }
  if (path.includes("\0")) {
    throw new NamingError(`GitOps path "${path}" contains a NUL character; fix the path template`);
  }
  return path;
}
