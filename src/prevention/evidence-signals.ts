import { basename, extname } from "node:path";
import { readEvidence } from "../evidence/index.js";
import type { RawEvent } from "../model/event.js";
import type { IncidentConfig } from "../model/incident-config.js";

/** Formats whose events are metric samples or alerts carrying their rule's PromQL. */
const METRIC_FORMATS = new Set(["prometheus-json", "prometheus-text"]);
const ALERT_FORMATS = new Set(["alertmanager-json", "prometheus-alerts-json"]);

/** One collected series: its labels, and samples on the collector's grid. */
export interface EvidenceSeries {
  labels: Record<string, string>;
  /** `[epoch ms, value]`, ascending, finite values only. */
  samples: Array<[number, number]>;
}

/**
 * The series of one metric in the evidence: one file's query result (`prometheus-json`) or one metric name of an
 * exposition file (`prometheus-text`). `name` is the metric name when the evidence carries it (`__name__`), `query`
 * the PromQL that produced it when the file records it (Debrief's collector does); with neither, the file is all
 * that identifies it.
 */
export interface EvidenceFamily {
  /** Evidence path as in events (relative to the incident folder). */
  file: string;
  name: string | null;
  query: string | null;
  /** A readable id: the metric name, else the file name without extension. */
  id: string;
  series: EvidenceSeries[];
  /** Median spacing of samples, ms (the query step or scrape interval). */
  stepMs: number;
}

/** An alert as the evidence records it, with the PromQL of its rule when its `generatorURL` carries it. */
export interface EvidenceAlert {
  name: string;
  labels: Record<string, string>;
  severity: string | null;
  expr: string | null;
  runbookUrl: string | null;
  dashboard: string | null;
  file: string;
  line: number;
}

/** What prevention reads from the evidence besides the timeline. */
export interface EvidenceSignals {
  families: EvidenceFamily[];
  alerts: EvidenceAlert[];
}

function rec(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The `g0.expr` of a Prometheus graph link, i.e. the alerting rule's expression. */
export function exprFromGeneratorUrl(url: string): string | null {
  try {
    const expr = new URL(url).searchParams.get("g0.expr");
    return expr && expr.trim().length > 0 ? expr.trim() : null;
  } catch {
    return null;
  }
}

function medianStep(samples: ReadonlyArray<[number, number]>): number {
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++)
    gaps.push((samples[i] as [number, number])[0] - (samples[i - 1] as [number, number])[0]);
  gaps.sort((a, b) => a - b);
  return gaps.length > 0 ? (gaps[Math.floor(gaps.length / 2)] as number) : 15_000;
}

/**
 * Read the metric series and alert definitions among `files` (absolute paths of sources the timeline already
 * detected as metric or alert formats). Only those files are read again, so the logs are not parsed twice.
 */
export async function readEvidenceSignals(
  sources: ReadonlyArray<{ path: string; format: string; absolute: string }>,
  options: {
    incidentDir?: string;
    incidentConfig?: IncidentConfig;
    /** Whether debrief.yaml states `timezone:` (else zone-less files are read as assumed UTC, as the timeline did). */
    incidentTimezoneStated?: boolean;
    /** Zones per file for timestamps without one (the zones the timeline inferred). */
    tz?: Record<string, string>;
    cwd?: string;
  } = {},
): Promise<EvidenceSignals> {
  const wanted = sources.filter((s) => METRIC_FORMATS.has(s.format) || ALERT_FORMATS.has(s.format));
  const families = new Map<string, { family: EvidenceFamily; byKey: Map<string, EvidenceSeries> }>();
  const alerts = new Map<string, EvidenceAlert>();
  const onEvent = (e: RawEvent): void => {
    const a = (e.attributes ?? {}) as Record<string, unknown>;
    if (e.kind === "metric") {
      const labels = rec(a.metric);
      const value = typeof a.value === "number" ? a.value : Number.NaN;
      const name = labels.__name__ ?? null;
      delete labels.__name__;
      const query = typeof a.query === "string" ? a.query : null;
      const famKey = `${e.path}\u0000${name ?? ""}`;
      let f = families.get(famKey);
      if (!f) {
        const stem = basename(e.path, extname(e.path));
        f = {
          family: { file: e.path, name, query, id: name ?? stem, series: [], stepMs: 15_000 },
          byKey: new Map(),
        };
        families.set(famKey, f);
      }
      const key = JSON.stringify(Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : 1)));
      let s = f.byKey.get(key);
      if (!s) {
        s = { labels, samples: [] };
        f.byKey.set(key, s);
        f.family.series.push(s);
      }
      if (Number.isFinite(value)) s.samples.push([e.ts, value]);
      return;
    }
    if (e.kind === "alert") {
      const labels = rec(a.labels);
      const name = typeof a.alertname === "string" ? a.alertname : labels.alertname;
      if (!name || alerts.has(name)) return;
      const annotations = rec(a.annotations);
      const url = typeof a.generatorURL === "string" ? a.generatorURL : null;
      alerts.set(name, {
        name,
        labels,
        severity: labels.severity ?? null,
        expr: url ? exprFromGeneratorUrl(url) : null,
        runbookUrl: annotations.runbook_url ?? null,
        dashboard: annotations.dashboard ?? null,
        file: e.path,
        line: e.line,
      });
    }
  };
  if (wanted.length > 0) {
    await readEvidence(
      wanted.map((s) => s.absolute),
      {
        onEvent,
        ...(options.incidentDir ? { incidentDir: options.incidentDir, baseDir: options.incidentDir } : {}),
        ...(options.incidentConfig ? { incidentConfig: options.incidentConfig } : {}),
        ...(options.incidentTimezoneStated !== undefined
          ? { incidentTimezoneStated: options.incidentTimezoneStated }
          : {}),
        ...(options.tz ? { tz: options.tz } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
      },
    );
  }
  const out: EvidenceFamily[] = [];
  for (const { family } of families.values()) {
    for (const s of family.series) s.samples.sort((x, y) => x[0] - y[0]);
    family.series = family.series.filter((s) => s.samples.length > 0);
    if (family.series.length === 0) continue;
    const longest = family.series.reduce((a, b) => (b.samples.length > a.samples.length ? b : a));
    family.stepMs = Math.max(1000, medianStep(longest.samples));
    out.push(family);
  }
  return { families: out, alerts: [...alerts.values()] };
}
