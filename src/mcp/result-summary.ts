/**
 * The one or two sentences an agent reads before (or instead of) a tool's full result. Summaries are computed from
 * the whole result, so they state totals even when the structured content holds one page of it.
 * @module
 */

type Obj = Record<string, unknown>;
type Summarizer = (result: Obj) => string;

function obj(value: unknown): Obj {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : {};
}

function len(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function minutes(seconds: unknown): string | undefined {
  return typeof seconds === "number" ? `${Math.round(seconds / 6) / 10} min` : undefined;
}

const SUMMARIZERS: Record<string, Summarizer> = {
  evidence_inventory: (r) => {
    const sources = (r.sources ?? []) as Obj[];
    const assumed = sources.filter((s) => s.timezoneAssumed === true).length;
    const skipped = sources.reduce((n, s) => n + Number(obj(s.skipped).total ?? 0), 0);
    const gaps = sources.reduce((n, s) => n + len(s.gaps), 0);
    return `${sources.length} evidence source(s): ${assumed} with an assumed time zone, ${skipped} skipped line(s), ${gaps} gap(s).`;
  },
  timeline_build: (r) => {
    const milestones = obj(r.milestones);
    const found = Object.entries(milestones).map(([name, m]) => `${name} ${String(obj(m).time ?? "").slice(11, 19)}`);
    const d = obj(r.durations);
    const durations = [
      ["detect", d.timeToDetect],
      ["mitigate", d.timeToMitigate],
      ["recover", d.timeToRecover],
    ]
      .map(([k, v]) => (minutes(v) ? `time to ${k} ${minutes(v)}` : undefined))
      .filter(Boolean);
    return `${len(r.entries)} timeline row(s), ${len(r.findings)} finding(s), ${len(r.sources)} source(s). Milestones (UTC): ${found.join(", ") || "none found"}.${durations.length ? ` ${durations.join(", ")}.` : ""}`;
  },
  postmortem_lint: (r) =>
    `${Number(r.errorCount ?? 0)} error(s), ${Number(r.warningCount ?? 0)} warning(s), ${Number(r.infoCount ?? 0)} info in ${len(r.files)} file(s).`,
  postmortem_draft: (r) =>
    `${r.written ? "Wrote" : "Did not write"} ${String(r.path ?? "")}: ${len(r.blocks)} generated block(s), ${len(r.problems)} problem(s).`,
  report_render: (r) => `Rendered ${String(r.format ?? "")} to ${String(r.out ?? "")} (${Number(r.bytes ?? 0)} bytes).`,
  postmortem_card: (r) => {
    const card = obj(r.position_card);
    return `Position card: ${len(card.claims)} claim(s), confidence ${String(obj(card.confidence).level ?? card.confidence ?? "?")}, ${len(card.risks)} risk(s).`;
  },
  evidence_events: (r) => `${len(r.events)} of ${Number(r.total ?? 0)} event(s)${r.truncated ? " (truncated)" : ""}.`,
};

/** The summary of `operation`'s result: a specific one where there is one, else the sizes of its lists. */
export function summarizeResult(operation: string, result: unknown): string {
  const r = obj(result);
  const specific = SUMMARIZERS[operation];
  if (specific) {
    try {
      return specific(r);
    } catch {
      // a result shape the summarizer did not expect still gets the generic summary
    }
  }
  const parts = Object.entries(r)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => `${len(v)} ${k}`);
  return parts.length > 0 ? `${operation}: ${parts.join(", ")}.` : `${operation} done.`;
}
