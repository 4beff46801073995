/**
 * One readable style for every time a report shows: `2025-02-09 10:40 UTC` (date, 24-hour clock, zone), never a raw
 * ISO instant like `2025-02-09T10:40:00Z`, which readers of a PDF or a status page stumble over. All report times are
 * UTC, as the post-mortem template asks; the zone is always written out.
 */

/** The zone every report time is shown in. */
export const REPORT_ZONE = "UTC";

function parts(ms: number): { date: string; hm: string; s: string; frac: string } {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10), hm: iso.slice(11, 16), s: iso.slice(17, 19), frac: iso.slice(19, 23) };
}

/** `2025-02-09 10:40 UTC`; with `seconds`, `2025-02-09 10:40:00 UTC`. */
export function formatInstant(ms: number, options: { seconds?: boolean } = {}): string {
  const p = parts(ms);
  return `${p.date} ${p.hm}${options.seconds ? `:${p.s}` : ""} ${REPORT_ZONE}`;
}

/** `10:05:23 UTC` (the day is given elsewhere, e.g. in the window). */
export function formatClock(ms: number, options: { seconds?: boolean } = { seconds: true }): string {
  const p = parts(ms);
  return `${p.hm}${options.seconds === false ? "" : `:${p.s}`} ${REPORT_ZONE}`;
}

/** `2025-02-09 09:55–10:45 UTC`, or both dates when the window spans midnight; `→ open` without an end. */
export function formatWindow(startMs: number, endMs: number | undefined): string {
  const a = parts(startMs);
  if (endMs === undefined || Number.isNaN(endMs)) return `${a.date} ${a.hm} ${REPORT_ZONE} → open`;
  const b = parts(endMs);
  return a.date === b.date
    ? `${a.date} ${a.hm}–${b.hm} ${REPORT_ZONE}`
    : `${a.date} ${a.hm} → ${b.date} ${b.hm} ${REPORT_ZONE}`;
}

/**
 * A raw ISO 8601 date-time in text: date `T` time, optional fraction, optional zone (`Z` or an offset). Without a
 * zone it is read as UTC, the template's convention for every time in a post-mortem.
 */
const ISO_INSTANT =
  /(?<![\w-])(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?![\w:])/gi;

/**
 * Rewrite every raw ISO instant in `text` in the report style (`2025-02-09T11:08:12+01:00` →
 * `2025-02-09 10:08:12 UTC`), keeping seconds and fractions when the original had them. Strings that are not a
 * real instant (month 13) are left as they are.
 */
export function humanizeIsoTimes(text: string): string {
  if (!text.includes("T")) return text;
  return text.replace(ISO_INSTANT, (match, date: string, h: string, m: string, s?: string, frac?: string, zone?) => {
    const z = !zone || /^z$/i.test(zone) ? "Z" : /^[+-]\d{2}$/.test(zone) ? `${zone}:00` : zone;
    const ms = Date.parse(
      `${date}T${h}:${m}:${s ?? "00"}${frac ?? ""}${z.length === 5 ? `${z.slice(0, 3)}:${z.slice(3)}` : z}`,
    );
    if (Number.isNaN(ms)) return match;
    const p = parts(ms);
    const keptFrac = frac ? p.frac : "";
    return `${p.date} ${p.hm}${s !== undefined ? `:${p.s}${keptFrac}` : ""} ${REPORT_ZONE}`;
  });
}

/** Whether text still holds a raw ISO instant (the report tests use it). */
export function hasRawIsoTime(text: string): boolean {
  ISO_INSTANT.lastIndex = 0;
  const found = ISO_INSTANT.test(text);
  ISO_INSTANT.lastIndex = 0;
  return found;
}
