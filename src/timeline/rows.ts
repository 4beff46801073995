import { type EvidenceRef, toUtcInstant } from "../model/common.js";
import type { EventKind } from "../model/event.js";
import type { MilestoneName, TimelineEntry } from "../model/timeline.js";
import {
  alertInfo,
  changeType,
  isActionReport,
  isBotMessage,
  isProblemReport,
  isResolveReport,
  pageAction,
} from "./classify.js";
import { type AnalysisContext, notableRef, refOf, sourceLabel } from "./context.js";
import type { ImpactResult } from "./impact.js";
import type { MilestoneResult } from "./milestones.js";
import type { NotableEvent } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";

/**
 * The rows of the timeline table. Candidates come from every notable event and from log bursts; each gets a
 * priority, milestones are always kept, and the rest is cut to a report-sized list (tens of rows) unless
 * `--detail` asks for more. Bursts are collapsed into one row ("5,213 × connection pool exhausted..., 10:15:30–
 * 10:34:58"); health checks and templates that also run at their usual rate before the incident are left out.
 */

type Timed = NotableEvent & { at: number };

/** A candidate row before selection. */
interface Candidate {
  at: number;
  first: number;
  last: number;
  event: string;
  source: string;
  actor: string | null;
  kind: EventKind;
  count: number;
  evidence: EvidenceRef[];
  milestone: MilestoneName | null;
  /** Higher is more important. */
  priority: number;
  /** Key used to collapse repeats (same alert re-sent, same page to several channels). */
  collapseKey: string | null;
  /**
   * The notable event the row was made from. Rows are matched to precursors and attempts by this identity, not by
   * evidence reference: two alerts on one line of a single-line JSON file share a reference.
   */
  origin?: Timed;
}

const num = (n: number) => n.toLocaleString("en-US");

function hhmmss(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function clip(text: string, max = 160): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function notableCandidate(ctx: AnalysisContext, n: Timed): Candidate | null {
  const base = {
    at: n.at,
    first: n.at,
    last: n.at,
    source: sourceLabel(ctx, n.src),
    actor: n.actor,
    kind: n.kind,
    count: 1,
    evidence: [notableRef(ctx, n)],
    milestone: null,
  };
  switch (n.kind) {
    case "alert": {
      const a = alertInfo(n);
      const sev = a.severity ? ` (${a.severity})` : "";
      return {
        ...base,
        actor: n.actor ?? "alerting",
        event: a.state === "resolved" ? `Alert ${a.name} resolved` : `Alert ${a.name} firing${sev}`,
        priority: a.state === "resolved" ? 50 : 70,
        collapseKey: `alert:${a.name}:${a.state}`,
      };
    }
    case "page": {
      const act = pageAction(n);
      if (act === "note" || act === "other" || act === "assign") {
        return { ...base, event: clip(n.message), priority: 20, collapseKey: null };
      }
      return { ...base, event: clip(n.message), priority: 65, collapseKey: `page:${act}` };
    }
    case "chat": {
      if (isBotMessage(n)) return { ...base, event: clip(n.message), priority: 5, collapseKey: null };
      const telling = isProblemReport(n) || isActionReport(n) || isResolveReport(n) || DIAGNOSIS.test(n.message);
      return { ...base, event: clip(n.message), priority: telling ? 55 : 25, collapseKey: null };
    }
    case "change": {
      const t = changeType(n);
      const svc = n.service ? `${n.service}: ` : "";
      const msg = n.service && n.message.includes(n.service) ? clip(n.message) : `${svc}${clip(n.message)}`;
      return { ...base, event: msg, priority: t === "other" ? 45 : 60, collapseKey: null };
    }
    case "k8s-event":
      return {
        ...base,
        actor: n.actor ?? "kubernetes",
        event: clip(n.message),
        priority: 35,
        collapseKey: `k8s:${n.message.replace(/[0-9a-f]{5,}|\d+/g, "#").slice(0, 80)}`,
      };
    default:
      return { ...base, event: clip(n.message), priority: 15, collapseKey: null };
  }
}

const DIAGNOSIS =
  /\b(identified|found|root cause|looks like|seems|culprit|caused by|because|suspect|narrowed|confirmed)\b/i;

/** Build the selected rows. */
export function buildRows(
  ctx: AnalysisContext,
  notables: Timed[],
  impact: ImpactResult,
  ms: MilestoneResult,
  templates: TemplateFacts[],
  options: { maxRows: number },
): TimelineEntry[] {
  const inWindow = (t: number) => t >= ctx.window.start && t <= ctx.window.end;
  const cands: Candidate[] = [];
  const start = impact.start?.time ?? null;
  for (const n of notables) {
    // Changes shortly before the window are kept: they are the suspects.
    const nearBefore = n.kind === "change" && start !== null && n.at >= start - 2 * 3_600_000 && n.at <= start;
    if (!inWindow(n.at) && !nearBefore) continue;
    const c = notableCandidate(ctx, n);
    if (c) cands.push({ ...c, origin: n });
  }
  for (const p of ms.precursors) {
    const c = cands.find((x) => x.origin === p);
    if (c && !c.event.endsWith("precursor)")) c.event = `${c.event} (already firing before impact: precursor)`;
  }
  for (const a of ms.attempts) {
    if (a.drop === null || a.event === ms.milestones.mitigated?.event) continue;
    const c = cands.find((x) => x.origin === a.event);
    if (c && a.drop < 0.5) c.priority = Math.max(c.priority, 58);
  }

  // Log bursts of the templates that tell the story of the incident.
  for (const t of templates) {
    if (!t.signature && !(ctx.detail && t.severityRank >= 4 && !t.baselineNoise)) continue;
    const bursts = [...t.bursts].filter((b) => b.last >= ctx.window.start && b.first <= ctx.window.end);
    bursts.sort((a, b) => b.count - a.count);
    const keep = ctx.detail ? bursts.slice(0, 20) : bursts.slice(0, 2);
    for (const b of keep) {
      const range = b.first === b.last ? "" : `, ${hhmmss(b.first)}–${hhmmss(b.last)}`;
      cands.push({
        at: b.first,
        first: b.first,
        last: b.last,
        event: b.count === 1 ? clip(t.example) : `${num(b.count)} × ${clip(t.template, 100)}${range}`,
        source: sourceLabel(ctx, b.src),
        actor: t.service,
        kind: "log",
        count: b.count,
        evidence: [refOf(ctx, b.src, b.firstLine), refOf(ctx, b.src, b.lastLine)],
        milestone: null,
        priority: t.signature ? 52 + Math.min(8, Math.log10(b.count + 1) * 2) : 30,
        collapseKey: null,
      });
    }
  }

  // Impact rows: first failure, false recoveries, peak, last failure.
  if (impact.start) {
    cands.push({
      at: impact.start.time,
      first: impact.start.time,
      last: impact.start.time,
      event:
        (impact.basis === "requests" ? "First failed request of the incident" : "First error of the incident") +
        (impact.start.message ? `: ${clip(impact.start.message, 100)}` : ""),
      source: impact.start.evidence[0]?.path ?? "",
      actor: null,
      kind: "log",
      count: 1,
      evidence: impact.start.evidence,
      milestone: null,
      priority: 90,
      collapseKey: null,
    });
  }
  for (let i = 0; i + 1 < impact.segments.length; i++) {
    const seg = impact.segments[i];
    const next = impact.segments[i + 1];
    if (!seg || !next) continue;
    cands.push(
      impactRow(
        ctx,
        impact,
        seg.end,
        seg.endRef,
        "Error rate back near baseline (temporarily: errors resumed later)",
        75,
      ),
    );
    cands.push(impactRow(ctx, impact, next.start, next.startRef, "Errors resume after a false recovery", 75));
  }
  if (impact.end) {
    cands.push({
      at: impact.end.time,
      first: impact.end.time,
      last: impact.end.time,
      event:
        (impact.basis === "requests"
          ? "Last failed request; error rate back at baseline"
          : "Last error of the incident; error rate back at baseline") +
        (impact.end.message ? ` (${clip(impact.end.message, 100)})` : ""),
      source: impact.end.evidence[0]?.path ?? "",
      actor: null,
      kind: "log",
      count: 1,
      evidence: impact.end.evidence,
      milestone: null,
      priority: 90,
      collapseKey: null,
    });
  }

  const collapsed = mergeEchoes(collapse(cands));
  markMilestones(collapsed, ms);
  const picked = select(collapsed, options.maxRows);
  return picked.map((c) => ({
    time: toUtcInstant(c.at),
    event: c.event,
    source: c.source,
    actor: c.actor,
    kind: c.kind,
    count: c.count,
    first: toUtcInstant(c.first),
    last: toUtcInstant(c.last),
    milestone: c.milestone,
    evidence: c.evidence,
  }));
}

function impactRow(
  ctx: AnalysisContext,
  impact: ImpactResult,
  at: number,
  ref: EvidenceRef | null,
  text: string,
  priority: number,
): Candidate {
  const ev = ref ? [ref] : (impact.start?.evidence ?? []);
  return {
    at,
    first: at,
    last: at,
    event: text,
    source: ev[0]?.path ?? (ctx.edgeSources[0] ? sourceLabel(ctx, ctx.edgeSources[0].index) : ""),
    actor: null,
    kind: "log",
    count: 1,
    evidence: ev.length > 0 ? ev : [{ path: "", line: 0 }],
    milestone: null,
    priority,
    collapseKey: null,
  };
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 4 && !/^(firing|resolved|triggered|incident|alert)$/.test(w)),
  );

/**
 * Echoes of one event across sources become one row citing both: a chat post by an integration (Slack copies of
 * PagerDuty entries, Alertmanager notifications) from a minute before to three minutes after an alert or page row
 * whose words it repeats.
 */
function mergeEchoes(cands: Candidate[]): Candidate[] {
  const drop = new Set<Candidate>();
  for (const c of cands) {
    if (c.kind !== "chat" || !c.origin || !isBotMessage(c.origin)) continue;
    const mine = words(c.event);
    if (mine.size === 0) continue;
    const twin = cands.find((o) => {
      if (o === c || drop.has(o) || (o.kind !== "alert" && o.kind !== "page")) return false;
      if (c.at < o.at - 60_000 || c.at > o.at + 180_000) return false;
      const theirs = words(o.event);
      let shared = 0;
      for (const w of mine) if (theirs.has(w)) shared++;
      return shared >= Math.max(1, Math.min(mine.size, theirs.size) / 2);
    });
    if (!twin) continue;
    if (twin.evidence.length < 6) twin.evidence.push(...c.evidence.slice(0, 1));
    drop.add(c);
  }
  return drop.size === 0 ? cands : cands.filter((c) => !drop.has(c));
}

/** Fold repeats of the same alert or page action within five minutes into one row. */
function collapse(cands: Candidate[]): Candidate[] {
  cands.sort((a, b) => a.at - b.at);
  const out: Candidate[] = [];
  const open = new Map<string, Candidate>();
  for (const c of cands) {
    if (c.collapseKey) {
      const prev = open.get(c.collapseKey);
      if (prev && c.at - prev.last <= 5 * 60_000) {
        prev.count += c.count;
        prev.last = c.last;
        if (prev.evidence.length < 5) prev.evidence.push(...c.evidence.slice(0, 1));
        continue;
      }
      open.set(c.collapseKey, c);
    }
    out.push(c);
  }
  for (const c of out) {
    if (c.count > 1 && c.kind !== "log") c.event = `${c.event} (×${c.count}, until ${hhmmss(c.last)})`;
  }
  return out;
}

function markMilestones(cands: Candidate[], ms: MilestoneResult): void {
  for (const [name, m] of Object.entries(ms.milestones) as Array<
    [MilestoneName, NonNullable<MilestoneResult["milestones"][MilestoneName]>]
  >) {
    const ref = m.evidence[0];
    if (!ref) continue;
    let row = m.event ? cands.find((c) => c.milestone === null && c.origin === m.event) : undefined;
    row ??= cands.find(
      (c) =>
        c.milestone === null &&
        c.origin === undefined &&
        c.evidence.some((e) => e.path === ref.path && e.line === ref.line) &&
        c.at === m.time,
    );
    if (!row && (name === "impactStart" || name === "recovered")) {
      const text = name === "impactStart" ? "First failed request" : "Last failed request";
      row = cands.find(
        (c) => c.milestone === null && c.at === m.time && c.event.startsWith(text.split(" ")[0] ?? text),
      );
    }
    if (row) {
      row.milestone = name;
      row.priority = 100;
    } else {
      cands.push({
        at: m.time,
        first: m.time,
        last: m.time,
        event: name,
        source: ref.path,
        actor: null,
        kind: "note",
        count: 1,
        evidence: m.evidence,
        milestone: name,
        priority: 100,
        collapseKey: null,
      });
    }
  }
  cands.sort((a, b) => a.at - b.at);
}

/** Keep the `max` most important rows, then restore time order. */
function select(cands: Candidate[], max: number): Candidate[] {
  if (cands.length <= max) return cands;
  const ranked = cands.map((c, i) => ({ c, i })).sort((a, b) => b.c.priority - a.c.priority || a.i - b.i);
  const keep = new Set(ranked.slice(0, max).map((x) => x.i));
  return cands.filter((_, i) => keep.has(i));
}
