import type { PostmortemSection, SectionKey, SourcePosition } from "../../model/postmortem.js";
import type { ParsedPostmortem } from "../../postmortem/index.js";
import { MONTHS } from "../../util/months.js";

/** Display names of the standard sections, for messages. */
export const SECTION_TITLES: Record<SectionKey, string> = {
  summary: "Summary",
  impact: "Impact",
  rootCause: "Root Cause",
  timeline: "Timeline",
  contributingFactors: "Contributing Factors",
  fiveWhys: "Five Whys",
  whatWentWell: "What Went Well",
  whatWentWrong: "What Went Wrong",
  whereWeGotLucky: "Where We Got Lucky",
  lessonsLearned: "Lessons Learned",
  actionItems: "Action Items",
  appendix: "Appendix",
};

/** The first section with this key. */
export function findSection(parsed: ParsedPostmortem, key: SectionKey): PostmortemSection | undefined {
  return parsed.postmortem.sections.find((s) => s.key === key);
}

/** Position of a section's heading line only (the section position spans its whole body). */
export function headingPosition(section: PostmortemSection): SourcePosition {
  return {
    line: section.position.line,
    column: section.position.column,
    endLine: section.position.line,
    endColumn: section.position.column + section.heading.length + section.depth + 1,
  };
}

/** True when a section has text besides HTML comments. */
export function hasContent(section: PostmortemSection | undefined): boolean {
  if (!section) return false;
  return section.markdown.replace(/<!--[\s\S]*?-->/g, "").trim().length > 0;
}

/** Epoch ms of an ISO-like date or instant ("2025-02-09", "2025-02-09T10:40:00Z"), or undefined. */
export function parseInstant(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== "string") return undefined;
  // several rules read the same front-matter dates of every document
  return remember(INSTANTS, value, parseInstantText);
}

/** Results of pure string parsers, bounded so a long run over many documents does not grow without end. */
function remember<T>(cache: Map<string, T>, key: string, parse: (key: string) => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = parse(key);
  if (cache.size >= 2_000) cache.clear();
  cache.set(key, value);
  return value;
}

const INSTANTS = new Map<string, number | undefined>();
const DEADLINES = new Map<string, number | undefined>();

function parseInstantText(value: string): number | undefined {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?)?$/i.test(v)) return undefined;
  const iso = v.replace(" ", "T").replace(/\s*UTC$/i, "Z");
  const withZone = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? `${iso}Z` : iso;
  const ms = Date.parse(/T/.test(withZone) ? withZone : `${withZone}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2025-02-30 over to March; a real date round-trips
  const datePart = v.slice(0, 10);
  if (!new Date(`${datePart}T00:00:00Z`).toISOString().startsWith(datePart)) return undefined;
  return ms;
}

/**
 * A deadline written as a real calendar date: `2025-03-01`, `2025/03/01`, `1 March 2025`, `March 1, 2025`.
 * Returns epoch ms at midnight UTC, or undefined for "ASAP", "Q2", "next sprint" and dates that do not exist.
 */
export function parseDeadline(raw: string): number | undefined {
  return remember(DEADLINES, raw, parseDeadlineText);
}

function parseDeadlineText(raw: string): number | undefined {
  const text = raw
    .replace(/[*_`~]/g, "")
    .replace(/<[^>]+>/g, "")
    .trim();
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  match ??= null;
  if (y === undefined) {
    const dm = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(text);
    const md = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
    if (dm) [d, m, y] = [Number(dm[1]), MONTHS[(dm[2] ?? "").slice(0, 3).toLowerCase()], Number(dm[3])];
    else if (md) [m, d, y] = [MONTHS[(md[1] ?? "").slice(0, 3).toLowerCase()], Number(md[2]), Number(md[3])];
  }
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

/** The raw keys of the YAML front matter as written (before defaults were applied). */
export function frontMatterKeys(parsed: ParsedPostmortem): Set<string> {
  const node = parsed.tree.children[0];
  const keys = new Set<string>();
  if (node?.type !== "yaml") return keys;
  for (const line of node.value.split(/\r?\n|\r/)) {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(line);
    if (m?.[1]) keys.add(m[1]);
  }
  return keys;
}
