import { renderProviderName } from "@/lib/naming/provider-name";

export interface PreviewParts {
  environment: string;
  application: string;
  name: string;
}

/**
 * Renders the provider name the request will get, keeping `{placeholder}` for parts not
 * chosen yet. Returns null when the template uses a placeholder the portal does not fill.
 */
export function previewProviderName(template: string, parts: PreviewParts): string | null {
  try {
    return renderProviderName(template, {
      environment: parts.environment.trim() || "{environment}",
      application: parts.application.trim() || "{application}",
      name: parts.name.trim() || "{name}",
    });
  } catch {
    return null;
  }
}
