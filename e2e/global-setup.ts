import { ensureProductionBuild } from "./support/production-build";

/** Builds the portal once for all spec files, which run it with `next start`. */
export default function globalSetup(): void {
  ensureProductionBuild();
}
