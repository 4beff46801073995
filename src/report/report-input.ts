import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { readEvidence } from "../evidence/index.js";
import type { MilestoneName } from "../model/timeline.js";
import { parsePostmortem, readPostmortemFile } from "../postmortem/index.js";
import type { ParsedPostmortem } from "../postmortem/parsed-postmortem.js";
import { adoptedRulesMarkdown } from "../prevention/adopted-rules.js";
import type { ChartMarker, ChartSpec } from "./charts/chart-types.js";
import { nameSeries, summariseSeries } from "./charts/series-names.js";
import { publicSource, type RemovedPart } from "./public/public-rendition.js";

/** A milestone as the report shows it: taken from the document's own timeline, which humans have confirmed. */
export interface ReportMilestone {
  name: MilestoneName;
  label: string;
  time: number;
}

/** Everything a renderer needs: the parsed document plus what the evidence folder adds (charts). */
export interface ReportInput {
  parsed: ParsedPostmortem;
  milestones: ReportMilestone[];
  charts: ChartSpec[];
  /** Evidence files the charts were drawn from (relative paths). */
  chartSources: string[];
  /** The Prevention section (Markdown) from the folder's `prevention/alerts.yml`, when there is one. */
  prevention?: string;
  /** Set for a public rendition: what was left out of the source (internal parts, appendix, staff names). */
  publicRemovals?: RemovedPart[];
}

/** Options of {@link loadReportInput}. */
export interface LoadReportInputOptions {
  /** Read `evidence/` beside the post-mortem for charts (default true). */
  evidence?: boolean;
  /** The public rendition: leave out everything marked internal (see `public/public-rendition.ts`). */
  public?: boolean;
}

/** Labels the draft writes in bold at the start of a milestone row, and the words people use for them. */
const MILESTONE_LABELS: Array<[MilestoneName, string, RegExp]> = [
  ["impactStart", "Impact start", /^\**\s*(impact (start|began|begins)|start of impact)\b/i],
  ["detected", "Detected", /^\**\s*detect(ed|ion)\b/i],
  ["paged", "Paged", /^\**\s*paged\b/i],
  ["acknowledged", "Acknowledged", /^\**\s*ack(nowledged)?\b/i],
  ["mitigated", "Mitigated", /^\**\s*mitigat(ed|ion)\b/i],
  ["recovered", "Recovered", /^\**\s*recover(ed|y)\b/i],
  ["resolved", "Resolved", /^\**\s*resolved\b/i],
];

/**
 * Parse a timeline cell's time. Accepts full ISO instants, `YYYY-MM-DD HH:MM[:SS]` (UTC, as the template demands)
 * and bare `HH:MM[:SS]` (borrowing the date of the incident window).
 */
export function parseTimelineTime(cell: string, fallbackDate: string | undefined): number | undefined {
  const text = cell.replace(/[*`]/g, "").trim();
  const full = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?/i.exec(text);
  if (full) {
    const zone = !full[3] || /^(z|utc)$/i.test(full[3]) ? "Z" : full[3];
    const ms = Date.parse(`${full[1]}T${full[2]}${full[2]!.length === 5 ? ":00" : ""}${zone}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const bare = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (bare && fallbackDate) {
    const ms = Date.parse(`${fallbackDate}T${bare[1]!.padStart(2, "0")}:${bare[2]}:${bare[3] ?? "00"}Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Milestones marked in the document's timeline table (first row per milestone). */
export function milestonesFromDocument(parsed: ParsedPostmortem): ReportMilestone[] {
  const fm = parsed.postmortem.frontMatter;
  const fallbackDate = typeof fm.window?.start === "string" ? fm.window.start.slice(0, 10) : undefined;
  const found = new Map<MilestoneName, ReportMilestone>();
  for (const row of parsed.postmortem.timeline) {
    const time = parseTimelineTime(row.time, fallbackDate);
    if (time === undefined) continue;
    for (const [name, label, re] of MILESTONE_LABELS) {
      if (!found.has(name) && re.test(row.event.trim())) found.set(name, { name, label, time });
    }
  }
  if (!found.has("resolved") && typeof fm.resolvedAt === "string") {
    const t = Date.parse(fm.resolvedAt);
    if (!Number.isNaN(t)) found.set("resolved", { name: "resolved", label: "Resolved", time: t });
  }
  return [...found.values()].sort((a, b) => a.time - b.time);
}

function chartTitle(file: string): { title: string; unit: string; percent: boolean } {
  const stem = basename(file).replace(/\.(json|prom|om|txt)$/i, "");
  const words =
    stem
      .replace(/^metrics[-_]?/, "")
      .replace(/[-_]+/g, " ")
      .trim() || "requests by status";
  const title = words.charAt(0).toUpperCase() + words.slice(1);
  if (/ratio|percent|error.?rate/i.test(stem)) return { title, unit: "%", percent: true };
  if (/latency|duration|seconds|p9\d/i.test(stem)) return { title, unit: "s", percent: false };
  if (/pool|conn|saturation|in.?use/i.test(stem)) return { title, unit: "", percent: false };
  return { title, unit: "req/s", percent: false };
}

/** An evidence path as a report shows it: relative to the incident folder, never the machine's absolute path. */
function shownPath(file: string, incidentDir: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(incidentDir, file);
  return rel.startsWith("..") ? basename(file) : rel.split(sep).join("/");
}

/** Build charts from the Prometheus documents in an evidence folder, clipped to the window with some context. */
async function chartsFromEvidence(
  evidenceDir: string,
  incidentDir: string,
  window: { start: number; end: number } | undefined,
  milestones: ReportMilestone[],
): Promise<{ charts: ChartSpec[]; sources: string[] }> {
  const byFile = new Map<string, Map<string, Array<[number, number]>>>();
  const queries = new Map<string, string>();
  const pad = 15 * 60_000;
  await readEvidence([evidenceDir], {
    incidentDir,
    onEvent: (e) => {
      if (e.kind !== "metric") return;
      if (window && (e.ts < window.start - pad || e.ts > window.end + pad)) return;
      const value = e.attributes.value;
      if (typeof value !== "number") return;
      const key = typeof e.attributes.series === "string" ? e.attributes.series : e.message;
      let series = byFile.get(e.path);
      if (!series) byFile.set(e.path, (series = new Map()));
      let points = series.get(key);
      if (!points) series.set(key, (points = []));
      points.push([e.ts, value]);
      if (typeof e.attributes.query === "string") queries.set(e.path, e.attributes.query);
    },
  });
  const markers: ChartMarker[] = milestones.map((m) => ({
    label: m.label,
    time: m.time,
    emphasis: m.name === "impactStart" || m.name === "recovered",
  }));
  const start = milestones.find((m) => m.name === "impactStart")?.time;
  const end = (
    milestones.find((m) => m.name === "recovered") ??
    milestones.find((m) => m.name === "mitigated") ??
    milestones.find((m) => m.name === "resolved")
  )?.time;
  const charts: ChartSpec[] = [];
  const files = [...byFile.keys()].sort((a, b) =>
    /\/metrics\.json$/.test(a) ? -1 : /\/metrics\.json$/.test(b) ? 1 : a.localeCompare(b),
  );
  for (const file of files) {
    const seriesMap = byFile.get(file)!;
    const { title, unit, percent } = chartTitle(file);
    // a chart of fifty lines says nothing: the five that reach highest, the rest folded into one "others" line
    // (summed for rates, where the sum is the traffic they carry; the highest of them for latencies, ratios and
    // gauges, where a sum would draw a level no pod ever reached), each named by its label values
    const named = nameSeries(
      [...seriesMap.entries()].map(([label, points]) => ({
        label,
        points: points
          .sort((a, b) => a[0] - b[0])
          .map(([t, v]): [number, number] => [t, percent && v <= 1 ? v * 100 : v]),
      })),
      title,
    );
    const series = summariseSeries(named.series, 5, unit === "req/s" ? "sum" : "max");
    const query = queries.get(file);
    charts.push({
      id: basename(file)
        .replace(/[^a-z0-9]+/gi, "-")
        .toLowerCase(),
      title,
      unit,
      series,
      ...(named.legendTitle ? { legendTitle: named.legendTitle } : {}),
      markers,
      ...(start !== undefined && end !== undefined && end > start
        ? { shade: { from: start, to: end, label: "impact" } }
        : {}),
      caption: `${shownPath(file, incidentDir)}${query ? ` — ${query}` : ""}`,
    });
  }
  return { charts, sources: files.map((f) => shownPath(f, incidentDir)) };
}

/**
 * Read a post-mortem and what its incident folder holds for the report. Charts come from Prometheus documents in
 * `evidence/` beside the file; milestones from the document's own timeline table.
 * @throws DebriefError INPUT_NOT_FOUND / INPUT_UNREADABLE
 */
export async function loadReportInput(file: string, options: LoadReportInputOptions = {}): Promise<ReportInput> {
  // strict: a too-large file is refused before it is read, invalid UTF-8 names its first bad byte (never U+FFFD)
  const source = await readPostmortemFile(file, { utf16: true });
  const pub = options.public ? publicSource(source, file) : undefined;
  const parsed = parsePostmortem(pub ? pub.source : source, file);
  const milestones = milestonesFromDocument(parsed);
  const incidentDir = dirname(file);
  const evidenceDir = join(incidentDir, "evidence");
  let charts: ChartSpec[] = [];
  let chartSources: string[] = [];
  if (options.evidence !== false && existsSync(evidenceDir) && statSync(evidenceDir).isDirectory()) {
    const fm = parsed.postmortem.frontMatter;
    const start = fm.window?.start ? Date.parse(fm.window.start) : Number.NaN;
    const end = fm.window?.end ? Date.parse(fm.window.end) : Number.NaN;
    const window = Number.isNaN(start) || Number.isNaN(end) ? undefined : { start, end };
    const result = await chartsFromEvidence(evidenceDir, incidentDir, window, milestones);
    charts = result.charts;
    chartSources = result.sources;
  }
  const prevention = adoptedRulesMarkdown(incidentDir);
  return {
    parsed,
    milestones,
    charts,
    chartSources,
    ...(prevention ? { prevention } : {}),
    ...(pub ? { publicRemovals: pub.removed } : {}),
  };
}
