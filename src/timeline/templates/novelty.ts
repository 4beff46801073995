import { DebriefError } from "../../model/debrief-error.js";
import { type EventSeverity, SEVERITY_RANK } from "../../model/event.js";

/** Occurrences of one template: what {@link findNovelTemplates} compares between the baseline and the window. */
export interface TemplateOccurrences {
  /** Stable template id (see `templateIdOf`). */
  templateId: string;
  /** Template text. */
  template: string;
  /** Epoch milliseconds of every occurrence, in any order. */
  times: readonly number[];
  /** The worst severity the template's events carried, when known. */
  severity?: EventSeverity | null;
}

/** A half-open span of time `[start, end)` in epoch milliseconds. */
export interface TimeSpan {
  start: number;
  end: number;
}

/** Thresholds of {@link findNovelTemplates}. */
export interface NoveltyOptions {
  /** A template needs at least this many occurrences in the window to be reported at all. */
  minWindowCount: number;
  /**
   * Baseline rate (occurrences per minute) at or below which a template counts as absent from the baseline: one
   * stray line in a long baseline should not hide a template that floods the window.
   */
  maxBaselineRate: number;
  /** A template present in the baseline is surging when its window rate is at least this many times its baseline rate. */
  surgeRatio: number;
  /** ...and it occurs at least this many times in the window. */
  minSurgeCount: number;
}

/** Defaults: absent means at most one occurrence per 100 minutes; surging means ≥ 10× and ≥ 10 times. */
export const DEFAULT_NOVELTY_OPTIONS: Readonly<NoveltyOptions> = Object.freeze({
  minWindowCount: 1,
  maxBaselineRate: 0.01,
  surgeRatio: 10,
  minSurgeCount: 10,
});

/** A template that is new in the window or surges there: a candidate for the incident's error signature. */
export interface NovelTemplate {
  templateId: string;
  template: string;
  /** `new`: absent from the baseline (or below the tiny rate); `surge`: present but ≥ `surgeRatio` times more often. */
  kind: "new" | "surge";
  severity: EventSeverity | null;
  windowCount: number;
  baselineCount: number;
  /** Occurrences per minute in the window. */
  windowRate: number;
  /** Occurrences per minute in the baseline (0 when the baseline is empty). */
  baselineRate: number;
  /** Window rate over baseline rate; `null` for new templates (the ratio would be infinite or meaningless). */
  surge: number | null;
  /** First and last occurrence inside the window (epoch ms). */
  first: number;
  last: number;
}

function checkSpan(name: string, span: TimeSpan): void {
  if (!Number.isFinite(span.start) || !Number.isFinite(span.end) || span.end < span.start) {
    throw new DebriefError("USAGE", `${name} must be a time span with start <= end, got ${span.start}..${span.end}`);
  }
}

/**
 * Compare each template's rate in the incident `window` with its rate in the `baseline` before it and return the
 * templates that are new there (absent from the baseline, or below `maxBaselineRate`) or surging (≥ `surgeRatio`
 * times the baseline rate and ≥ `minSurgeCount` occurrences). An empty baseline (zero length) makes every template
 * seen in the window new: there is nothing to compare against, and saying so is more useful than saying nothing.
 *
 * Ranked most useful first: higher severity, then more occurrences in the window, then higher surge ratio, then
 * template id (so the order is deterministic).
 * @throws DebriefError `USAGE` when a span is malformed or an option is out of range
 */
export function findNovelTemplates(
  templates: Iterable<TemplateOccurrences>,
  window: TimeSpan,
  baseline: TimeSpan,
  options: Partial<NoveltyOptions> = {},
): NovelTemplate[] {
  checkSpan("window", window);
  checkSpan("baseline", baseline);
  const o: NoveltyOptions = { ...DEFAULT_NOVELTY_OPTIONS, ...options };
  for (const [k, v] of Object.entries(o)) {
    if (!Number.isFinite(v) || v < 0) throw new DebriefError("USAGE", `novelty option ${k} must be >= 0, got ${v}`);
  }
  const windowMinutes = Math.max((window.end - window.start) / 60_000, 1 / 60);
  const baselineMinutes = (baseline.end - baseline.start) / 60_000;
  const out: NovelTemplate[] = [];
  for (const t of templates) {
    let inWindow = 0;
    let inBaseline = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const ts of t.times) {
      if (ts >= window.start && ts < window.end) {
        inWindow++;
        if (ts < first) first = ts;
        if (ts > last) last = ts;
      } else if (ts >= baseline.start && ts < baseline.end) {
        inBaseline++;
      }
    }
    if (inWindow === 0 || inWindow < o.minWindowCount) continue;
    const windowRate = inWindow / windowMinutes;
    const baselineRate = baselineMinutes > 0 ? inBaseline / baselineMinutes : 0;
    const absent = inBaseline === 0 || baselineRate <= o.maxBaselineRate;
    let kind: NovelTemplate["kind"];
    let surge: number | null = null;
    if (absent) {
      kind = "new";
    } else {
      surge = windowRate / baselineRate;
      if (surge < o.surgeRatio || inWindow < o.minSurgeCount) continue;
      kind = "surge";
    }
    out.push({
      templateId: t.templateId,
      template: t.template,
      kind,
      severity: t.severity ?? null,
      windowCount: inWindow,
      baselineCount: inBaseline,
      windowRate,
      baselineRate,
      surge,
      first,
      last,
    });
  }
  const rank = (s: EventSeverity | null) => (s === null ? -1 : SEVERITY_RANK[s]);
  out.sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      b.windowCount - a.windowCount ||
      (b.surge ?? Number.POSITIVE_INFINITY) - (a.surge ?? Number.POSITIVE_INFINITY) ||
      (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0),
  );
  return out;
}
