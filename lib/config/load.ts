import "server-only";

import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

import { portalConfigSchema, type PortalConfig } from "./schema";

export const DEFAULT_CONFIG_PATH = "portal.config.yaml";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Resolves the configuration file path from PORTAL_CONFIG, relative to the working directory. */
export function configPath(): string {
  return path.resolve(process.env.PORTAL_CONFIG ?? DEFAULT_CONFIG_PATH);
}

/**
 * Parses and validates configuration text. Throws ConfigError whose message lists every
 * invalid key as a dotted path, for example `applications.0.namespaces.prod`.
 */
export function parsePortalConfig(text: string, source: string): PortalConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: invalid YAML: ${(error as Error).message}`);
  }

  const result = portalConfigSchema.safeParse(document ?? {});
  if (!result.success) {
    throw new ConfigError(`${source}: invalid configuration:\n${formatIssues(result.error)}`);
  }
  return result.data;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  - ${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("\n");
}

/** Reads the configuration file once per process. */
export function loadPortalConfig(file: string = configPath()): PortalConfig {
  const cache = globalThis as { __portalConfig?: { file: string; config: PortalConfig } };
  if (cache.__portalConfig?.file === file) return cache.__portalConfig.config;

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? "error"}); ` +
        "set PORTAL_CONFIG to its path",
    );
  }

  const config = parsePortalConfig(text, file);
  cache.__portalConfig = { file, config };
  return config;
}
