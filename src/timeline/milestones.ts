import type { EvidenceRef } from "../model/common.js";
import type { MilestoneName } from "../model/timeline.js";
import { alertInfo, isActionReport, isBotMessage, isProblemReport, isResolveReport, pageAction } from "./classify.js";
import { type AnalysisContext, notableRef } from "./context.js";
import { failureRatio, type ImpactResult } from "./impact.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * The milestones of shared/notes/postmortem-practice.md, each chosen by a rule that can be explained in one line
 * (the `rationale`), with the evidence line it rests on. A milestone the evidence does not show stays absent.
 */

/** A found milestone (corrected epoch ms). */
export interface FoundMilestone {
  time: number;
  confidence: number;
  evidence: EvidenceRef[];
  rationale: string;
  /** The notable event it came from, so the matching row can be marked. */
  event?: NotableEvent & { at: number };
}

/** Milestones plus what was learnt choosing them. */
export interface MilestoneResult {
  milestones: Partial<Record<MilestoneName, FoundMilestone>>;
  /** Alerts already firing when impact began (precursors, not detection). */
  precursors: Array<NotableEvent & { at: number }>;
  /** Mitigation attempts considered, with the relative drop in failures that followed each. */
  attempts: Array<{ event: NotableEvent & { at: number }; drop: number | null }>;
}

type Timed = NotableEvent & { at: number };

const fmtPct = (x: number) => `${Math.round(x * 100)}%`;

/** Choose the milestones. */
export function findMilestones(ctx: AnalysisContext, impact: ImpactResult, notables: Timed[]): MilestoneResult {
  const m: Partial<Record<MilestoneName, FoundMilestone>> = {};
  const precursors: Timed[] = [];
  const attempts: MilestoneResult["attempts"] = [];
  const start = impact.start?.time ?? null;
  if (impact.start) {
    m.impactStart = {
      ...impact.start,
      rationale:
        impact.basis === "requests"
          ? "first failed request of the elevated error rate (CUSUM change point on 5xx ratio)"
          : impact.basis === "error-logs"
            ? "first error line of the elevated error rate (CUSUM change point; no request logs)"
            : "first point of the error-rate metric's shift from baseline (no request or error logs)",
    };
  }
  const end = impact.end?.time ?? null;
  if (impact.end) {
    m.recovered = {
      ...impact.end,
      rationale:
        impact.segments.length > 1
          ? `last failure before the error rate returned to baseline for good (after ${impact.segments.length - 1} false recover${impact.segments.length > 2 ? "ies" : "y"})`
          : "last failure before the error rate returned to baseline and stayed there",
    };
  }
  const inWindow = (t: number) => t >= ctx.window.start && t <= ctx.window.end;
  const alerts = notables.filter((n) => n.kind === "alert");
  const pages = notables.filter((n) => n.kind === "page");
  const humans = notables.filter((n) => n.kind === "chat" && !isBotMessage(n));

  // detected: the first alert starting to fire, or human report, after impact began.
  if (start !== null) {
    const firingBefore = new Set<string>();
    for (const a of alerts) {
      const info = alertInfo(a);
      if (a.at < start) {
        if (info.state === "firing") firingBefore.add(info.name);
        else firingBefore.delete(info.name);
      }
    }
    for (const a of alerts) {
      const info = alertInfo(a);
      if (a.at < start && info.state === "firing" && firingBefore.has(info.name)) precursors.push(a);
    }
    // Detection is the first signal, whichever system carried it: an alert rule firing, the paging tool opening
    // an alert from an integration it alone receives (Opsgenie, PagerDuty events), a person in chat, or a
    // customer's support ticket. At the same second an alert is preferred (the page mirrors it).
    const alert = alerts.find((a) => a.at >= start && alertInfo(a).state === "firing" && inWindow(a.at));
    const report = humans.find((h) => h.at >= start && inWindow(h.at) && isProblemReport(h));
    const ticket = notables.find((n) => n.at >= start && inWindow(n.at) && isCustomerReport(n));
    const trigger = pages.find((p) => p.at >= start && inWindow(p.at) && pageAction(p) === "trigger");
    const picks: Array<{ ev: Timed; conf: number; why: string }> = [];
    if (alert) picks.push({ ev: alert, conf: 0.9, why: `alert ${alertInfo(alert).name} started firing` });
    if (trigger) picks.push({ ev: trigger, conf: 0.8, why: "paging tool opened an alert for the problem" });
    if (report) picks.push({ ev: report, conf: 0.75, why: "first human report of the problem in chat" });
    if (ticket) picks.push({ ev: ticket, conf: 0.7, why: "first customer report (support ticket)" });
    const pick = picks.reduce<(typeof picks)[number] | null>(
      (best, p) => (best === null || p.ev.at < best.ev.at - 999 ? p : best),
      null,
    );
    if (pick) m.detected = milestoneFrom(ctx, pick.ev, pick.conf, pick.why);
  }

  // paged / acknowledged / resolved: the paging system's own entries.
  const from = start ?? ctx.window.start;
  const notify = pages.find((p) => p.at >= from - 60_000 && pageAction(p) === "notify");
  const trigger = pages.find((p) => p.at >= from - 60_000 && pageAction(p) === "trigger");
  if (notify) m.paged = milestoneFrom(ctx, notify, 0.95, "paging system notified the on-call responder");
  else if (trigger) m.paged = milestoneFrom(ctx, trigger, 0.6, "paging incident triggered (no notification entry)");
  const ackFrom = m.paged?.time ?? from;
  const ack = pages.find((p) => p.at >= ackFrom && pageAction(p) === "acknowledge");
  if (ack) m.acknowledged = milestoneFrom(ctx, ack, 0.95, "on-call responder acknowledged the page");
  const resFrom = m.acknowledged?.time ?? ackFrom;
  const res = pages.find((p) => p.at >= resFrom && pageAction(p) === "resolve");
  if (res) m.resolved = milestoneFrom(ctx, res, 0.95, "incident marked resolved in the paging system");
  else {
    const said = humans.find((h) => h.at >= (end ?? resFrom) && isResolveReport(h));
    if (said) m.resolved = milestoneFrom(ctx, said, 0.6, "incident declared resolved in chat (no paging data)");
  }

  // mitigated: the action after which failures dropped and stayed down.
  if (start !== null && impact.series) {
    const until = end ?? ctx.window.end;
    // Actions reported shortly after the last failure count too: a chat line often follows the action it reports.
    const candidates = notables.filter(
      (n) =>
        n.at >= start &&
        n.at <= until + 2 * 60_000 &&
        (n.kind === "change" ||
          (n.kind === "k8s-event" &&
            /scal|restart|rollout|resiz|expand|rollback|SuccessfulCreate|create Pod|OperationCompleted|Sync(ed)? /i.test(
              n.message,
            )) ||
          (n.kind === "chat" && !isBotMessage(n) && (isActionReport(n) || CONTENT_ACTION.test(n.message)))),
    );
    let bestDrop = 0;
    const scored: Array<{ ev: Timed; drop: number }> = [];
    for (const c of candidates) {
      const drop = dropAfter(impact, c.at, until);
      attempts.push({ event: c, drop });
      if (drop === null || drop < 0.5) continue;
      scored.push({ ev: c, drop });
      bestDrop = Math.max(bestDrop, drop);
    }
    // The earliest action after which failures fell nearly as far as after the best one: later actions during the
    // decay ride on its effect. A change record beats a chat line reporting the same action minutes later.
    const near = scored.filter((x) => x.drop >= Math.max(0.5, bestDrop - 0.15));
    let best = near[0] ?? null;
    // Actions often take minutes to work (nodes registering, instances coming into service), so the drop right
    // after them says little. When the impact ended in the evidence, the action is the last one taken in the
    // twenty minutes before failures fell for good (and not later than a minute after).
    const fall = end !== null ? finalFall(impact) : null;
    if (fall !== null) {
      const before = candidates.filter((c) => c.at >= fall - 20 * 60_000 && c.at <= fall + 60_000);
      const last = before[before.length - 1];
      if (last && (!best || Math.abs(best.ev.at - fall) > Math.abs(last.at - fall) + 60_000)) {
        best = { ev: last, drop: dropAfter(impact, last.at, until) ?? bestDrop };
      }
    }
    if (best && best.ev.kind !== "change") {
      const record = near.find(
        (x) => x.ev.kind === "change" && Math.abs(x.ev.at - (best as { ev: Timed }).ev.at) <= 3 * 60_000,
      );
      if (record) best = record;
    }
    // A rollback whose effect lingers (resolvers caching a bad answer, queues draining): failures never rise again
    // after it and fall to baseline later than the twenty minutes above allow.
    const lingering = !best && end !== null ? lingeringUndo(impact, candidates, start, end) : null;
    if (lingering) {
      m.mitigated = milestoneFrom(
        ctx,
        lingering,
        0.5,
        "failures never rose again after this rollback and fell to baseline later, as cached or queued effects expired",
      );
    }
    if (best) {
      m.mitigated = milestoneFrom(
        ctx,
        best.ev,
        best.ev.kind === "change" ? Math.min(0.9, 0.5 + best.drop / 2) : Math.min(0.75, 0.4 + best.drop / 3),
        `failures fell ${fmtPct(best.drop)} after this action took effect and did not return`,
      );
    }
  }
  return { milestones: m, precursors, attempts };
}

/**
 * Moderation of content reported as done ("post 7712093 hidden", "banned the user", "quarantined the upload"): when a
 * piece of user content is what breaks the site, taking it down is the mitigation.
 */
const CONTENT_ACTION =
  /\b(?:hid|hidden|unpublished|banned|suspended|quarantined|taken down|took down)\b(?![^.!?]*\?)(?![^.!?]*\b(?:will|should|let'?s|need to)\b)/i;

/** Words of an action that undoes something: the fix whose effect may lag. */
const UNDO_ACTION =
  /\b(roll(?:ed|ing)? ?back|revert\w*|remov(?:ed|ing)|disabl(?:ed|ing)|undo|undid|turn(?:ed)? off|backed out|restor(?:ed|ing))\b/i;

/**
 * The last rollback during the impact after which failures, measured in five-minute steps up to the end of impact,
 * never rose above their level in the five minutes before it. Null when none qualifies.
 */
function lingeringUndo(impact: ImpactResult, candidates: Timed[], start: number, end: number): Timed | null {
  const series = impact.series;
  if (!series) return null;
  const ratio = (from: number, to: number) => {
    const x = failureRatio(series, from, to);
    return x.requests > 0 ? x.failures / x.requests : null;
  };
  let pick: Timed | null = null;
  for (const c of candidates) {
    if (c.at < start || c.at > end || !UNDO_ACTION.test(c.message) || /\?\s*$/.test(c.message)) continue;
    const before = ratio(c.at - 5 * 60_000, c.at);
    if (before === null || before <= 0) continue;
    let rose = false;
    for (let t = c.at; t < end && !rose; t += 5 * 60_000) {
      const r = ratio(t, Math.min(end, t + 5 * 60_000));
      if (r !== null && r > before * 1.15) rose = true;
    }
    if (!rose) pick = c;
  }
  return pick;
}

/** A customer's report: a support ticket (support-ticket CSV exports). */
function isCustomerReport(n: NotableEvent): boolean {
  return n.kind === "note" && n.attributes.source === "support-ticket";
}

function milestoneFrom(ctx: AnalysisContext, ev: Timed, confidence: number, rationale: string): FoundMilestone {
  return { time: ev.at, confidence, evidence: [notableRef(ctx, ev)], rationale, event: ev };
}

/**
 * Relative drop of failures per request after time `t` (allowing 30 s to take effect) compared with the five
 * minutes before, measured up to the end of impact (so a temporary dip that comes back scores low).
 */
export function dropAfter(impact: ImpactResult, t: number, until: number): number | null {
  const series = impact.series;
  if (!series) return null;
  const before = failureRatio(series, t - 5 * 60_000, t);
  const settle = t + 30_000;
  const horizon = Math.max(until + 60_000, settle + 5 * 60_000);
  const after = failureRatio(series, settle, horizon);
  const useRatio = impact.baseline?.ratio ?? false;
  const rate = (x: { failures: number; requests: number }, seconds: number) =>
    useRatio ? (x.requests > 0 ? x.failures / x.requests : null) : x.failures / Math.max(1, seconds);
  const rb = rate(before, 300);
  const ra = rate(after, (horizon - settle) / 1000);
  if (rb === null || ra === null || rb <= 0) return null;
  // Later errors that resume (false recovery) are part of `after`, so a short-lived fix is not chosen.
  const base = impact.baseline?.rate ?? 0;
  const excessBefore = rb - base;
  if (excessBefore <= 0) return null;
  return Math.max(0, Math.min(1, (excessBefore - Math.max(0, ra - base)) / excessBefore));
}

/**
 * When failures fell for good: the end of the last minute, in the final stretch of impact, whose failure level was
 * above half the stretch's own level. Null without a series.
 */
export function finalFall(impact: ImpactResult): number | null {
  const series = impact.series;
  const seg = impact.segments[impact.segments.length - 1];
  if (!series || !seg) return null;
  const useRatio = impact.baseline?.ratio ?? false;
  const a = Math.max(0, Math.floor(seg.start / 1000) - series.start);
  const b = Math.min(series.failures.length - 1, Math.floor(seg.end / 1000) - series.start);
  if (b - a < 60) return seg.end;
  const level = (from: number, to: number) => {
    let f = 0;
    let r = 0;
    for (let i = Math.max(0, from); i < Math.min(series.failures.length, to); i++) {
      f += series.failures[i] as number;
      r += series.requests[i] as number;
    }
    return useRatio ? (r > 0 ? f / r : 0) : f / Math.max(1, to - from);
  };
  const whole = level(a, b + 1);
  for (let s = b - 60; s >= a; s -= 10) {
    if (level(s, s + 60) > whole / 2) return (series.start + s + 60) * 1000;
  }
  return (series.start + a) * 1000;
}
