// GitHub writes timestamps in UTC with second precision, such as 2024-05-01T12:00:00Z.
export function githubTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
