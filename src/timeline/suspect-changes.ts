import type { EvidenceRef } from "../model/common.js";
import { toUtcInstant } from "../model/common.js";
import type { Finding } from "../model/timeline.js";
import { changeType, serviceOf } from "./classify.js";
import { type AnalysisContext, notableRef, sourceLabel } from "./context.js";
import type { NotableEvent } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";

type Timed = NotableEvent & { at: number };

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** How far back a change may have been made and still be a suspect. */
const LOOKBACK = 6 * HOUR;
/**
 * A change that took effect a little after the first failure seen is still a suspect: the first failure's time and
 * the change's recorded effect time each carry seconds of uncertainty (log flushing, a rollout's first new pod).
 */
const AFTER_IMPACT_SLACK = 30_000;

/** Words too common in names to tie a change to a failure. */
const STOP = new Set(
  "the and for with from into prod production staging stage dev test main master default api app apps service services svc server servers deploy deployment release update config cluster namespace web http https com net org www example internal version new old run job ci cd pipeline step info error log logs".split(
    " ",
  ),
);

/** Name-like tokens of a text: `cortex-prod` → cortex; `edge-proxy-03` → edge, proxy. */
function tokens(text: string | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  for (const t of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (t.length < 3 || STOP.has(t) || /^\d+$/.test(t) || /^[0-9a-f]{7,}$/.test(t)) continue;
    out.add(t);
  }
  return out;
}

function overlaps(a: Set<string>, b: Set<string>): string | null {
  for (const t of a) if (b.has(t)) return t;
  return null;
}

/** The change record a notable carries (contracts.md "Change events"), when it has one. */
function record(n: NotableEvent): { phase?: string; where?: string[]; what?: string; type?: string } | null {
  const c = n.attributes.change;
  return c !== null && typeof c === "object" ? (c as Record<string, unknown> as never) : null;
}

/** Names of what failed: services and hosts with errors or failed requests, failing endpoints, configured services. */
function failingNames(ctx: AnalysisContext): { exact: Set<string>; words: Set<string> } {
  const exact = new Set<string>(ctx.services);
  for (const s of ctx.agg.sources) {
    if (s.seconds.errors.size === 0 && s.seconds.failures.size === 0) continue;
    for (const svc of s.services.keys()) exact.add(svc);
    for (const [host, c] of s.hosts) if (c.failures > 0) exact.add(host);
    for (const key of s.failureClasses.keys()) exact.add(key.slice(key.indexOf(" ") + 1));
  }
  const words = new Set<string>();
  for (const n of exact) for (const t of tokens(n)) words.add(t);
  return { exact, words };
}

const UNDO =
  /\b(?:roll(?:ed|ing)? ?back|revert(?:ed|ing)?|undo|undid|disabl(?:e|ed|ing)|kill[- ]switch|turn(?:ed)? off|back out|backed out|restor(?:e|ed|ing) (?:the )?previous)\b/i;

interface Candidate {
  n: Timed;
  type: string;
  svc: string | null;
  names: Set<string>;
  phase: string | null;
}

/**
 * Changes before the impact, ranked by how well the evidence ties each to the failure: how close its effect came
 * before the impact (half the weight per hour back), whether what it touched is what failed (its service, hosts or
 * name words among the failing services, hosts and endpoints, or named by the incident's error signature), whether
 * it was later undone (a rollback, revert or flag turned off that names it, or chat saying so), and its kind. A change
 * recorded as started and as effective is ranked once, by its effect. Each finding says why, with the evidence.
 */
export function suspectChanges(
  ctx: AnalysisContext,
  notables: Timed[],
  impactStart: number | null,
  facts: readonly TemplateFacts[] = [],
): Finding[] {
  if (impactStart === null) return [];
  const failing = failingNames(ctx);
  const signatureWords = new Set<string>();
  for (const f of facts) if (f.signature) for (const t of tokens(f.template)) signatureWords.add(t);

  const candidates: Candidate[] = [];
  for (const n of notables) {
    if (!(n.kind === "change" || isChangeEvent(n))) continue;
    if (n.at > impactStart + AFTER_IMPACT_SLACK || n.at < impactStart - LOOKBACK) continue;
    const rec = record(n);
    const type = n.kind === "change" ? changeType(n) : /scal/i.test(n.message) ? "infra" : changeType(n);
    const svc = serviceOf(n) ?? objectName(n.message);
    const names = new Set<string>([
      ...tokens(svc),
      ...tokens(n.host),
      ...(rec?.where ?? []).flatMap((w) => [...tokens(w)]),
    ]);
    candidates.push({ n, type, svc, names, phase: typeof rec?.phase === "string" ? rec.phase : null });
  }
  // one change, two records: a start (a CI step, an Argo CD OperationStarted) and its effect in the same source
  const ranked = candidates.filter(
    (c) =>
      c.phase !== "started" ||
      !candidates.some(
        (o) =>
          o !== c &&
          o.phase === "effective" &&
          o.n.src === c.n.src &&
          o.n.at >= c.n.at &&
          o.n.at - c.n.at <= HOUR &&
          (c.svc === null || o.svc === null || c.svc === o.svc),
      ),
  );

  const later = notables.filter((n) => n.at > impactStart - AFTER_IMPACT_SLACK);
  const out: Array<Finding & { score: number }> = [];
  for (const c of ranked) {
    const { n } = c;
    const minutes = Math.max(0, (impactStart - n.at) / MINUTE);
    const exactHit = (c.svc !== null && failing.exact.has(c.svc)) || (n.host !== null && failing.exact.has(n.host));
    const wordHit = exactHit ? null : overlaps(c.names, failing.words);
    const what = tokens(`${record(n)?.what ?? ""} ${n.message}`.slice(0, 300));
    const signatureHit = overlaps(c.names.size > 0 ? c.names : what, signatureWords);
    // undone later: a rollback/revert/disable that names the same thing (or, for a nameless change, the same source)
    const undo = later.find(
      (l) =>
        l !== n &&
        (l.kind === "change" || l.kind === "chat") &&
        UNDO.test(l.message) &&
        (overlaps(c.names.size > 0 ? c.names : what, tokens(`${l.service ?? ""} ${l.message}`)) !== null ||
          (l.kind === "change" && l.src === n.src && c.names.size === 0)),
    );
    // capacity an autoscaler added in response to load (an HPA rescale, a scaling policy's alarm) follows demand;
    // it is a trigger far less often than a change someone made
    const automatic =
      n.attributes.automatic === true || /SuccessfulRescale|triggering policy|monitor alarm/.test(n.message);
    const relation = exactHit ? 1 : wordHit ? 0.9 : signatureHit ? 0.8 : c.names.size === 0 ? 0.55 : 0.4;
    const proximity = 0.5 ** (minutes / 60);
    const typeWeight =
      c.type === "rollback"
        ? 0.3
        : c.type === "other"
          ? 0.6
          : c.type === "infra"
            ? 0.85
            : c.phase === "started"
              ? 0.85
              : 1;
    const score =
      Math.round(Math.min(1, proximity * relation * typeWeight * (automatic ? 0.3 : 1) * (undo ? 1.5 : 1)) * 100) / 100;
    const why = [
      exactHit
        ? "on a service or host that then failed"
        : wordHit
          ? `its name shares "${wordHit}" with what failed`
          : signatureHit
            ? `the incident's errors name "${signatureHit}"`
            : null,
      automatic ? "an autoscaler's own response to load" : null,
      undo ? `later undone (${undo.kind === "chat" ? "chat" : "change"}: "${undo.message.slice(0, 60)}")` : null,
    ].filter((x): x is string => x !== null);
    const label = c.type === "other" ? "Change" : `${c.type[0]?.toUpperCase()}${c.type.slice(1)}`;
    const when =
      n.at > impactStart
        ? `${Math.round((n.at - impactStart) / 1000)} s after impact start`
        : `${Math.round(minutes * 10) / 10} min before impact`;
    const evidence: EvidenceRef[] = [notableRef(ctx, n), ...(undo ? [notableRef(ctx, undo)] : [])];
    out.push({
      kind: "suspect-change",
      summary: `${label} ${when}${c.svc ? ` on ${c.svc}` : ""}${why.length ? ` (${why.join("; ")})` : ""}: ${n.message.slice(0, 140)}`,
      source: sourceLabel(ctx, n.src),
      time: toUtcInstant(n.at),
      evidence,
      score,
    });
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, 5);
}

const K8S_CHANGE =
  /\b(ScalingReplicaSet|Sync(ed)?|OperationCompleted|ResourceUpdated|Upgrad(e|ed|ing)|Rolling ?Update|rollout|Deployed)\b/;

/** A Kubernetes or Argo CD event that records a change (scaling, sync, rollout), not a symptom. */
export function isChangeEvent(n: NotableEvent): boolean {
  return n.kind === "k8s-event" && K8S_CHANGE.test(n.message) && !/fail|error|degraded/i.test(n.message);
}

/** `Deployment/ledger-store Scaled…` → `ledger-store`. */
function objectName(message: string): string | null {
  return /^(?:Deployment|StatefulSet|DaemonSet|ReplicaSet|Application|Rollout)\/([\w.-]+)/.exec(message)?.[1] ?? null;
}
