/** Post-mortem statuses after which the report counts as published. */
export const PUBLISHED_STATUSES: readonly string[] = ["published", "closed"];

/** True when the front matter status says the report has been published. */
export function isPublished(status: unknown): boolean {
  return typeof status === "string" && PUBLISHED_STATUSES.includes(status.trim().toLowerCase());
}
