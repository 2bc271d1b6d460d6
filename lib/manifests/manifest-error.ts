/** Invalid input for a manifest; `problems` lists every rule that failed, each naming the value and the fix. */
export class ManifestError extends Error {
  override name = "ManifestError";

  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

/** Throws a ManifestError listing `problems`, unless the list is empty. */
export function throwIfProblems(subject: string, problems: string[]): void {
  if (problems.length > 0) {
    throw new ManifestError(`${subject} is invalid: ${problems.join("; ")}`, problems);
  }
}
