/**
 * One kind of sensitive text. Rules are plain data behind this small interface so new kinds are one entry in
 * `secret-rules.ts` or `pii-rules.ts`.
 */
export interface RedactionRule {
  /** Appears in the mask, `[REDACTED:<kind>]`, and as the key of the counts. */
  kind: string;
  /** `secret` rules always run; `pii` rules only with `{ pii: true }`. */
  class: "secret" | "pii";
  /** Global regex. */
  pattern: RegExp;
  /**
   * Which capture group is the sensitive part (0 = the whole match). The rest of the match is kept so
   * `Authorization: Bearer [REDACTED:bearer-token]` still says what was there.
   */
  group?: number;
  /** Extra check on the sensitive part, to keep ordinary log text (ids, words, hashes) unmasked. */
  accept?: (value: string) => boolean;
}

/** The mask written in place of a sensitive value. */
export function mask(kind: string): string {
  return `[REDACTED:${kind}]`;
}
