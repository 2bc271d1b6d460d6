/** An invalid name or path template; `problems` lists every rule that failed, each naming the value and the fix. */
export class NamingError extends Error {
  override name = "NamingError";

  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}
