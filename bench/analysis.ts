/**
 * Incident-analysis accuracy on the blind scenario corpus (bench/corpora/scenarios/{dev,sealed}/, layout in the
 * corpus README): every incident folder is run through `timeline` and `draft` as a new user would (default options,
 * the incident folder's debrief.yaml), and the result is scored against its truth.json:
 * - milestones: error and within-tolerance rate (paged/acknowledged/resolved ±5 s; impactStart/detected/recovered
 *   ±60 s; mitigated ±3 min); a milestone the truth says did not happen but Debrief reports is a miss;
 * - trigger: rank of the true change among the suspect changes (first?), and no change blamed when there is none;
 * - impact: relative error of failed requests per affected class (endpoint, status, service);
 * - skew: every clock-skew finding on the right source (and no other source blamed);
 * - gaps: false gaps per incident, missed gaps;
 * - findings precision/recall over gaps, skews, zones, precursors and false recoveries.
 * The dev half is reported per scenario; the sealed half only as aggregates (blind evaluation: nobody reads it).
 * Results: bench/results/analysis.json. `npm run bench:analysis`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { planDraft } from "../src/postmortem/draft/draft-incident.js";
import { buildTimeline, type TimelineResult } from "../src/timeline/index.js";
import { RESULTS, ROOT } from "./bench-helpers.js";
import type { BenchSuite } from "./suites.js";

const CORPUS = join(ROOT, "bench", "corpora", "scenarios");

const MILESTONES = ["impactStart", "detected", "paged", "acknowledged", "mitigated", "recovered", "resolved"] as const;
type Milestone = (typeof MILESTONES)[number];
/** Tolerance per milestone, seconds (the issue's targets). */
export const TOLERANCE: Record<Milestone, number> = {
  impactStart: 60,
  detected: 60,
  paged: 5,
  acknowledged: 5,
  mitigated: 180,
  recovered: 60,
  resolved: 5,
};

interface Truth {
  id?: string;
  milestones?: Partial<Record<Milestone, string | null>>;
  trigger?: { file: string; line?: number; effectiveAt?: string; what?: string } | null;
  redHerrings?: Array<{ file: string; line?: number }>;
  impact?: Array<{
    service?: string | null;
    endpoint?: string | null;
    status?: string | null;
    failed: number;
    total?: number;
  }>;
  intermittent?: boolean;
  skews?: Array<{ file: string; offsetSeconds: number }>;
  zones?: Array<{ file: string; utcOffsetMinutes: number; marked?: string }>;
  gaps?: Array<{ file: string; from: string; to: string }>;
  errorOnlySources?: string[];
  precursors?: Array<{ file: string; line?: number; at?: string }>;
  falseRecoveries?: Array<{ at: string; refailAt?: string }>;
  waits?: Array<{ from: string; to: string; what?: string }>;
  people?: string[];
}

/** The score of one scenario. */
export interface ScenarioScore {
  id: string;
  error?: string;
  milestones: Record<string, { truth: string | null; found: string | null; errorSeconds: number | null; ok: boolean }>;
  trigger: {
    expected: boolean;
    rank: number | null;
    blamedNone: boolean | null;
    top: string | null;
    /** The trigger's record became a `change` row of the timeline (tells a reader miss from a ranking miss). */
    changeRow?: boolean;
  };
  impact: Array<{ cls: string; truth: number; found: number | null; relError: number | null; ok: boolean }>;
  skew: { truth: number; right: number; wrong: number };
  gaps: { truth: number; found: number; falseGaps: number; missed: number };
  findings: { tp: number; fp: number; fn: number };
  intermittent: { truth: boolean; found: boolean } | null;
  seconds: number;
}

const norm = (p: string) => p.replace(/\\/g, "/").replace(/^\.\//, "");
const sameFile = (a: string | undefined, b: string | undefined) =>
  a !== undefined &&
  b !== undefined &&
  (norm(a) === norm(b) || norm(a).endsWith(`/${norm(b)}`) || norm(b).endsWith(`/${norm(a)}`));

function endpointPath(e: string): string {
  const sp = e.indexOf(" ");
  return sp > 0 && /^[A-Z]+$/.test(e.slice(0, sp)) ? e.slice(sp + 1) : e;
}

/** "503 (H10 App crashed)" names the reason H10: a class with another reason is another class. */
function reasonMatches(truth: string | null | undefined, found: string | null): boolean {
  const want = truth ? /\(([A-Z]+\d+|[A-Z]{2,4})\b/.exec(truth)?.[1] : undefined;
  return !want || !found || want === found;
}

/**
 * `/api/*` covers every endpoint under /api/. A pattern names a family of routes (the corpus writer's classes are
 * path prefixes: `/api/v3/repos/{o}/{r}/{issues,hooks}` holds `/api/v3/repos/o/r/hooks/12/deliveries`), so a pattern
 * matches the paths below what it names too; a plain path matches only itself.
 */
function endpointMatches(truth: string, found: string): boolean {
  // a note after the pattern, as statuses carry one ("*.git/* (Git over HTTPS)"), is not part of the path
  truth = truth.replace(/\s+\([^)]*\)\s*$/, "");
  if (!/[*{]/.test(truth)) return found === truth;
  // `*` any run, `{a,b}` alternatives, `{name}` one path segment
  let re = "";
  for (const part of truth.split(/(\*|\{[^}]*\})/)) {
    if (part === "*") re += ".*";
    else if (part.startsWith("{") && part.endsWith("}")) {
      const inner = part.slice(1, -1);
      re += inner.includes(",") ? `(${inner.split(",").map(esc).join("|")})` : "[^/]+";
    } else re += esc(part);
  }
  return new RegExp(`^${re}(/.*)?$`).test(found);
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function statusMatches(truth: string | null | undefined, found: string): boolean {
  if (!truth) return true;
  // "503 (H10 App crashed)" → "503"; "5xx" stays a family
  const code = /^\s*(\d{3}|\dxx)\b/i.exec(truth)?.[1];
  if (code) truth = code;
  if (/^\dxx$/i.test(truth)) return found[0] === truth[0];
  return found === truth || (found.length === 3 && found === truth);
}

/** Score one timeline against its truth. */
export function scoreScenario(id: string, t: TimelineResult, truth: Truth, seconds: number): ScenarioScore {
  const milestones: ScenarioScore["milestones"] = {};
  for (const name of MILESTONES) {
    const want = truth.milestones?.[name];
    if (want === undefined) continue;
    const found = t.milestones[name]?.time ?? null;
    let err: number | null = null;
    let ok: boolean;
    if (want === null) ok = found === null || name === "detected" || name === "resolved";
    else if (found === null) ok = false;
    else {
      err = Math.round(Math.abs(Date.parse(found) - Date.parse(want)) / 100) / 10;
      ok = err <= TOLERANCE[name];
    }
    milestones[name] = { truth: want, found, errorSeconds: err, ok };
  }

  // Trigger: rank among suspect changes by score.
  const suspects = t.findings
    .filter((f) => f.kind === "suspect-change")
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const blamed = suspects.filter((s) => (s.score ?? 0) >= 0.5);
  const isTrigger = (f: (typeof suspects)[number]) => {
    const tr = truth.trigger;
    if (!tr) return false;
    const ref = f.evidence?.[0];
    if (ref && sameFile(ref.path, tr.file) && (tr.line === undefined || ref.line === tr.line)) return true;
    return (
      ref !== undefined &&
      sameFile(ref.path, tr.file) &&
      tr.effectiveAt !== undefined &&
      f.time !== undefined &&
      Math.abs(Date.parse(f.time) - Date.parse(tr.effectiveAt)) <= 60_000
    );
  };
  const rankIdx = suspects.findIndex(isTrigger);
  const tr = truth.trigger ?? undefined;
  const changeRow =
    tr !== undefined &&
    t.entries.some(
      (e) =>
        e.kind === "change" &&
        e.evidence.some(
          (ref) =>
            sameFile(ref.path, tr.file) &&
            ((tr.line !== undefined && ref.line === tr.line) ||
              (tr.effectiveAt !== undefined && Math.abs(Date.parse(e.time) - Date.parse(tr.effectiveAt)) <= 60_000)),
        ),
    );
  const trigger: ScenarioScore["trigger"] = truth.trigger
    ? {
        expected: true,
        rank: rankIdx < 0 ? null : rankIdx + 1,
        blamedNone: null,
        top: suspects[0]?.summary ?? null,
        changeRow,
      }
    : { expected: false, rank: null, blamedNone: blamed.length === 0, top: blamed[0]?.summary ?? null };

  // Impact per class.
  const classes = t.analysis.impact.classes ?? [];
  const impact: ScenarioScore["impact"] = [];
  for (const c of truth.impact ?? []) {
    const label = `${c.service ?? "*"} ${c.endpoint ?? "*"} ${c.status ?? "*"}`;
    const match = classes.filter(
      (k) =>
        (c.endpoint
          ? endpointMatches(
              c.endpoint,
              /^[A-Z]+ /.test(c.endpoint) ? (k.endpoint ?? "") : endpointPath(k.endpoint ?? ""),
            )
          : !c.service || !k.service || k.service === c.service) &&
        statusMatches(c.status, k.status) &&
        reasonMatches(c.status, k.reason ?? null),
    );
    const found = match.length > 0 ? match.reduce((s, k) => s + k.failed, 0) : null;
    const rel = found === null ? null : Math.abs(found - c.failed) / Math.max(1, c.failed);
    impact.push({
      cls: label,
      truth: c.failed,
      found,
      relError: rel === null ? null : Math.round(rel * 1e4) / 1e4,
      ok: rel !== null && rel <= 0.02,
    });
  }

  // Skew and zones.
  const skewFindings = t.findings.filter((f) => f.kind === "clock-skew");
  let right = 0;
  for (const s of truth.skews ?? []) {
    if (
      skewFindings.some(
        (f) =>
          sameFile(f.source, s.file) &&
          Math.abs((f.offsetSeconds ?? 0) - s.offsetSeconds) <= Math.max(2, Math.abs(s.offsetSeconds) * 0.1),
      )
    )
      right++;
  }
  const wrong = skewFindings.filter((f) => !(truth.skews ?? []).some((s) => sameFile(f.source, s.file))).length;

  // Gaps.
  const gapFindings = t.findings.filter((f) => f.kind === "gap");
  const overlaps = (f: (typeof gapFindings)[number], g: { file: string; from: string; to: string }) =>
    sameFile(f.source, g.file) &&
    f.from !== undefined &&
    f.to !== undefined &&
    Date.parse(f.from) < Date.parse(g.to) + 60_000 &&
    Date.parse(g.from) < Date.parse(f.to) + 60_000;
  const falseGaps = gapFindings.filter((f) => !(truth.gaps ?? []).some((g) => overlaps(f, g))).length;
  const missed = (truth.gaps ?? []).filter((g) => !gapFindings.some((f) => overlaps(f, g))).length;

  // Findings precision/recall: gaps, skews, zones, precursors, false recoveries.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  tp += gapFindings.length - falseGaps;
  fp += falseGaps;
  fn += missed;
  tp += right;
  fn += (truth.skews ?? []).length - right;
  fp += wrong;
  const zoneFindings = t.findings.filter((f) => f.kind === "timezone-mismatch");
  const assumed = new Set((t.sources ?? []).filter((s) => s.timezoneAssumed).map((s) => s.path));
  for (const z of truth.zones ?? []) {
    if (z.utcOffsetMinutes === 0) continue;
    const hit =
      zoneFindings.some((f) => sameFile(f.source, z.file)) ||
      (t.sources ?? []).some((s) => sameFile(s.path, z.file) && !s.timezoneAssumed && z.marked !== "none") ||
      [...assumed].some((p) => sameFile(p, z.file));
    if (hit) tp++;
    else fn++;
  }
  fp += zoneFindings.filter((f) => !(truth.zones ?? []).some((z) => sameFile(f.source, z.file))).length;
  const precursors = t.analysis.alerting.precursors;
  for (const p of truth.precursors ?? []) {
    const hit = precursors.some((x) =>
      x.evidence.some(
        (e) =>
          sameFile(e.path, p.file) &&
          (p.line === undefined ||
            e.line === p.line ||
            p.at === undefined ||
            Math.abs(Date.parse(x.time) - Date.parse(p.at)) <= 60_000),
      ),
    );
    if (hit) tp++;
    else fn++;
  }
  fp += precursors.filter(
    (x) =>
      !(truth.precursors ?? []).some((p) =>
        x.evidence.some(
          (e) =>
            sameFile(e.path, p.file) &&
            (p.at === undefined || Math.abs(Date.parse(x.time) - Date.parse(p.at)) <= 60_000),
        ),
      ),
  ).length;
  const segments = t.analysis.impact.segments;
  const lulls = segments.slice(0, -1).map((s) => Date.parse(s.end));
  const falseRecoveries = (
    t.analysis.impact.falseRecoveries ?? lulls.map((at) => ({ at: new Date(at).toISOString() }))
  ).map((f) => Date.parse(f.at));
  for (const f of truth.falseRecoveries ?? []) {
    if (falseRecoveries.some((at) => Math.abs(at - Date.parse(f.at)) <= 180_000)) tp++;
    else fn++;
  }
  fp += falseRecoveries.filter(
    (at) => !(truth.falseRecoveries ?? []).some((f) => Math.abs(at - Date.parse(f.at)) <= 180_000),
  ).length;

  return {
    id,
    milestones,
    trigger,
    impact,
    skew: { truth: (truth.skews ?? []).length, right, wrong },
    gaps: { truth: (truth.gaps ?? []).length, found: gapFindings.length, falseGaps, missed },
    findings: { tp, fp, fn },
    intermittent:
      truth.intermittent === undefined
        ? null
        : { truth: truth.intermittent, found: Boolean(t.analysis.impact.intermittent) },
    seconds,
  };
}

/** Aggregate figures of a set of scenario scores. */
export function aggregate(scores: ScenarioScore[]) {
  const perMilestone: Record<string, { n: number; ok: number; meanErrorSeconds: number | null }> = {};
  let mN = 0;
  let mOk = 0;
  for (const name of MILESTONES) {
    const rows = scores.map((s) => s.milestones[name]).filter((x) => x !== undefined);
    const errs = rows.map((r) => r.errorSeconds).filter((e): e is number => e !== null);
    const ok = rows.filter((r) => r.ok).length;
    perMilestone[name] = {
      n: rows.length,
      ok,
      meanErrorSeconds: errs.length ? Math.round((errs.reduce((a, b) => a + b, 0) / errs.length) * 10) / 10 : null,
    };
    mN += rows.length;
    mOk += ok;
  }
  const withTrigger = scores.filter((s) => s.trigger.expected);
  const without = scores.filter((s) => !s.trigger.expected && !s.error);
  const classes = scores.flatMap((s) => s.impact);
  const f = scores.reduce(
    (t, s) => ({ tp: t.tp + s.findings.tp, fp: t.fp + s.findings.fp, fn: t.fn + s.findings.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  const skewTruth = scores.reduce((t, s) => t + s.skew.truth, 0);
  const intermittent = scores.filter((s) => s.intermittent?.truth);
  return {
    scenarios: scores.length,
    errors: scores.filter((s) => s.error).length,
    milestonesWithinTolerance: { n: mN, ok: mOk, rate: mN ? Math.round((mOk / mN) * 1000) / 1000 : null },
    perMilestone,
    trigger: {
      withTrigger: withTrigger.length,
      rankedFirst: withTrigger.filter((s) => s.trigger.rank === 1).length,
      rate: withTrigger.length
        ? Math.round((withTrigger.filter((s) => s.trigger.rank === 1).length / withTrigger.length) * 1000) / 1000
        : null,
      // Where the misses were lost: never read as a change row, read but not a suspect, or a suspect ranked lower.
      notReadAsChange: withTrigger.filter((s) => s.trigger.rank === null && !s.trigger.changeRow).length,
      readButNotSuspect: withTrigger.filter((s) => s.trigger.rank === null && s.trigger.changeRow).length,
      rankedLower: withTrigger.filter((s) => (s.trigger.rank ?? 0) > 1).length,
      withoutTrigger: without.length,
      noneBlamed: without.filter((s) => s.trigger.blamedNone).length,
    },
    impact: {
      classes: classes.length,
      within2pct: classes.filter((c) => c.ok).length,
      meanRelError: classes.length
        ? Math.round((classes.reduce((t, c) => t + (c.relError ?? 1), 0) / classes.length) * 1e4) / 1e4
        : null,
    },
    skew: {
      truth: skewTruth,
      right: scores.reduce((t, s) => t + s.skew.right, 0),
      wrongSourceFindings: scores.reduce((t, s) => t + s.skew.wrong, 0),
    },
    gaps: {
      truth: scores.reduce((t, s) => t + s.gaps.truth, 0),
      missed: scores.reduce((t, s) => t + s.gaps.missed, 0),
      falseGaps: scores.reduce((t, s) => t + s.gaps.falseGaps, 0),
      maxFalseGapsPerIncident: Math.max(0, ...scores.map((s) => s.gaps.falseGaps)),
    },
    intermittent: { truth: intermittent.length, found: intermittent.filter((s) => s.intermittent?.found).length },
    findings: {
      ...f,
      precision: f.tp + f.fp ? Math.round((f.tp / (f.tp + f.fp)) * 1000) / 1000 : null,
      recall: f.tp + f.fn ? Math.round((f.tp / (f.tp + f.fn)) * 1000) / 1000 : null,
    },
  };
}

async function runOne(dir: string, id: string): Promise<ScenarioScore> {
  const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
  const started = performance.now();
  try {
    const t = await buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir });
    planDraft(t); // the draft must render from the same result
    return scoreScenario(truth.id ?? id, t, truth, Math.round(performance.now() - started) / 1000);
  } catch (error) {
    const empty = scoreScenario(truth.id ?? id, emptyTimeline(), truth, 0);
    return { ...empty, error: (error as Error).message.slice(0, 300) };
  }
}

function emptyTimeline(): TimelineResult {
  return {
    formatVersion: 1,
    window: { start: "1970-01-01T00:00:00.000Z", end: "1970-01-01T00:00:00.000Z" },
    milestones: {},
    durations: {
      timeToDetect: null,
      timeToAcknowledge: null,
      timeToMitigate: null,
      timeToRecover: null,
      timeToResolve: null,
      impact: null,
    },
    entries: [],
    findings: [],
    templates: [],
    sources: [],
    analysis: {
      impact: {
        basis: "none",
        failedRequests: null,
        totalRequests: null,
        errorRate: null,
        baselineErrorRate: null,
        peak: null,
        endpoints: [],
        hosts: [],
        services: [],
        segments: [],
      },
      alerting: { firstFailure: null, firstAlert: null, alertLatencySeconds: null, alerts: [], precursors: [] },
      saturation: [],
      changesBeforeImpact: [],
      ineffectiveActions: [],
      suggestedFactors: [],
      offsets: [],
      merge: { events: 0, lateEvents: 0, perSource: {} },
    },
  } as unknown as TimelineResult;
}

function scenarioDirs(half: "dev" | "sealed"): string[] {
  const root = join(CORPUS, half);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "truth.json")))
    .map((d) => d.name)
    .sort();
}

function devTable(scores: ScenarioScore[]): string {
  const lines = [
    "| scenario | milestones ok | worst milestone | trigger rank | impact classes ok | skew | false gaps | P/R tp-fp-fn |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const s of scores) {
    const ms = Object.entries(s.milestones);
    const bad = ms
      .filter(([, m]) => !m.ok)
      .map(([k, m]) => `${k} ${m.errorSeconds ?? (m.found ? "extra" : "missing")}`);
    lines.push(
      `| ${s.id}${s.error ? ` (error: ${s.error.slice(0, 60)})` : ""} | ${ms.filter(([, m]) => m.ok).length}/${ms.length} | ${bad.join(", ") || "-"} | ${s.trigger.expected ? (s.trigger.rank ?? "not found") : s.trigger.blamedNone ? "none (ok)" : "blamed one"} | ${s.impact.filter((c) => c.ok).length}/${s.impact.length} | ${s.skew.right}/${s.skew.truth}${s.skew.wrong ? ` (+${s.skew.wrong} wrong)` : ""} | ${s.gaps.falseGaps} | ${s.findings.tp}-${s.findings.fp}-${s.findings.fn} |`,
    );
  }
  return lines.join("\n");
}

/** Run both halves and write bench/results/analysis.json. */
export async function runAnalysisBench(options: { halves?: Array<"dev" | "sealed">; verbose?: boolean } = {}) {
  const halves = options.halves ?? ["dev", "sealed"];
  const out: Record<string, unknown> = { generatedAt: new Date().toISOString(), corpus: "bench/corpora/scenarios" };
  for (const half of halves) {
    const ids = scenarioDirs(half);
    const scores: ScenarioScore[] = [];
    for (const id of ids) scores.push(await runOne(join(CORPUS, half, id), id));
    const agg = aggregate(scores);
    if (half === "dev") {
      out.dev = { aggregate: agg, scenarios: scores };
      process.stderr.write(`\n## dev (${ids.length} scenarios)\n\n${devTable(scores)}\n\n`);
      if (options.verbose) for (const s of scores) process.stderr.write(`${JSON.stringify(s)}\n`);
    } else {
      // blind half: aggregates only, nothing per scenario
      out.sealed = { aggregate: agg };
    }
    process.stderr.write(`${half}: ${JSON.stringify(agg)}\n`);
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "analysis.json"), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** The `analysis` suite of `npm run bench`. */
export const analysisSuite: BenchSuite = {
  name: "analysis",
  description: "incident analysis accuracy on the blind scenario corpus (milestones, trigger, impact, skew, gaps)",
  async run() {
    await runAnalysisBench();
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const halves = args.filter((a): a is "dev" | "sealed" => a === "dev" || a === "sealed");
  await runAnalysisBench({ ...(halves.length ? { halves } : {}), verbose: args.includes("--verbose") });
}
