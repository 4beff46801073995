import type { EvidenceRef } from "../model/common.js";
import { toUtcInstant } from "../model/common.js";
import { SEVERITY_RANK } from "../model/event.js";
import type { Finding } from "../model/timeline.js";
import { changeType, isBotMessage, serviceOf } from "./classify.js";
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

/** Words of evidence paths that name no system. */
const PATH_WORDS = new Set(
  "evidence access error errors hosts host var tmp json jsonl txt csv export exports events event alerts alert slack pagerduty opsgenie metrics".split(
    " ",
  ),
);

/** Words of an evidence path that may name a host or service (`hosts/db2/auth.log` → db2, auth). */
function pathTokens(path: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokens(path.replace(/\.[a-z0-9]+(\.gz)?$/i, ""))) if (!PATH_WORDS.has(t)) out.add(t);
  return out;
}

/** Names of what failed: services and hosts with errors or failed requests, failing endpoints, configured services. */
function failingNames(ctx: AnalysisContext): { exact: Set<string>; words: Set<string>; pathWords: Set<string> } {
  const exact = new Set<string>(ctx.services);
  const words = new Set<string>();
  const pathWords = new Set<string>();
  for (const s of ctx.agg.sources) {
    if (s.seconds.errors.size === 0 && s.seconds.failures.size === 0) continue;
    for (const svc of s.services.keys()) exact.add(svc);
    for (const [host, c] of s.hosts) if (c.failures > 0) exact.add(host);
    for (const key of s.failureClasses.keys()) exact.add(key.slice(key.indexOf(" ") + 1));
    // hosts that logged errors (a database's own log), and the folders that name the failing host or service
    for (const t of s.templates.values()) {
      if (t.host && t.severity !== null && SEVERITY_RANK[t.severity] >= SEVERITY_RANK.error) exact.add(t.host);
    }
    for (const t of pathTokens(s.path)) pathWords.add(t);
  }
  for (const n of exact) for (const t of tokens(n)) words.add(t);
  for (const t of words) pathWords.delete(t);
  return { exact, words, pathWords };
}

const UNDO =
  /\b(?:roll(?:ed|ing)? ?back|revert(?:ed|ing)?|undo|undid|disabl(?:e|ed|ing)|kill[- ]switch|turn(?:ed)? off|back out|backed out|restor(?:e|ed|ing) (?:the )?(?:previous|old)|(?:switch|fail|mov|point|mov)(?:ed|ing)? ?back|back to the (?:old|previous))\b/i;

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
  mitigation: Timed | null = null,
): Finding[] {
  if (impactStart === null) return [];
  const failing = failingNames(ctx);
  const signatureWords = new Set<string>();
  for (const f of facts) if (f.signature) for (const t of tokens(f.template)) signatureWords.add(t);

  const candidates: Candidate[] = [];
  for (const n of notables) {
    if (!(n.kind === "change" || isChangeEvent(n))) continue;
    if (n.at > impactStart + AFTER_IMPACT_SLACK || n.at < impactStart - LOOKBACK) continue;
    // a controller reporting an application's health is a symptom, not a change
    if (STATUS_REPORT.test(n.message)) continue;
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
  const people = notables.filter((n) => n.kind === "chat" && !isBotMessage(n) && n.at >= impactStart - 5 * MINUTE);
  const out: Array<Finding & { score: number; raw: number }> = [];
  for (const c of ranked) {
    const { n } = c;
    const minutes = Math.max(0, (impactStart - n.at) / MINUTE);
    const exactHit = (c.svc !== null && failing.exact.has(c.svc)) || (n.host !== null && failing.exact.has(n.host));
    const what = tokens(`${record(n)?.what ?? ""} ${n.message}`.slice(0, 300));
    // the names of what it touched, else the words of what it did (a command's path, a flag key, a resource)
    const own = c.names.size > 0 ? c.names : what;
    const wordHit = exactHit ? null : overlaps(c.names, failing.words);
    const signatureHit = overlaps(own, signatureWords) ?? (c.names.size > 0 ? overlaps(what, signatureWords) : null);
    // words that single this change out (not "flag", "deployment", "changed", which every change of a kind shares)
    const distinct = distinctNames(own);
    const names = (l: Timed) => tokens(`${l.service ?? ""} ${l.message}`);
    // undone later: a rollback/revert/disable that names the same thing (or, for a nameless change, the same source),
    // or the opposite action on the same object (scaled up → scaled down, shut → no shut, enabled → disabled)
    const undo = later.find(
      (l) =>
        l !== n &&
        (l.kind === "change" || l.kind === "chat" || isChangeEvent(l)) &&
        ((UNDO.test(l.message) &&
          (overlaps(distinct, names(l)) !== null ||
            (l.kind === "change" && l.src === n.src && c.names.size === 0 && sameObject(n, l)))) ||
          (l.kind !== "chat" && reverses(n, l))),
    );
    // The action that ended the impact acted on this change's object: the strongest tie there is.
    const reversedByFix =
      mitigation !== null &&
      mitigation !== n &&
      (reverses(n, mitigation) || (UNDO.test(mitigation.message) && overlaps(distinct, names(mitigation)) !== null));
    // What responders said about it: named as unrelated (a red herring they ruled out) or as the cause.
    // named, or cited by its clock time ("the push at 07:38") when that is not also the minute the impact began
    const clock = toUtcInstant(n.at).slice(11, 16);
    const byTime =
      Math.floor(n.at / MINUTE) !== Math.floor(impactStart / MINUTE) ? new RegExp(`(^|\\D)${clock}(\\D|$)`) : null;
    const said = people.filter(
      (p) => (distinct.size > 0 && overlaps(distinct, tokens(p.message)) !== null) || byTime?.test(p.message) === true,
    );
    const dismissed = said.find((p) => DISMISSED.test(p.message));
    const blamed = dismissed ? undefined : said.find((p) => BLAMED.test(p.message));
    // capacity an autoscaler added in response to load (an HPA rescale, a scaling policy's alarm) follows demand;
    // it is a trigger far less often than a change someone made
    const automatic =
      n.attributes.automatic === true || /SuccessfulRescale|triggering policy|monitor alarm/.test(n.message);
    // the folder or file name of a failing source (`hosts/db2/…`) ties it more weakly than the names it logs
    const pathHit =
      exactHit || wordHit || signatureHit
        ? null
        : (overlaps(distinct, failing.pathWords) ??
          overlaps(pathTokens(sourceLabel(ctx, n.src)), failing.pathWords) ??
          overlaps(pathTokens(sourceLabel(ctx, n.src)), failing.words));
    const relation = exactHit
      ? 1
      : wordHit
        ? 0.9
        : signatureHit
          ? 0.8
          : pathHit
            ? 0.7
            : c.names.size === 0
              ? 0.55
              : 0.4;
    // Half the weight per hour back; a change recorded as taking effect after the first failure is a suspect only
    // through clock and logging uncertainty, so it weighs less than one just before.
    const proximity = n.at > impactStart ? 0.75 : 0.5 ** (minutes / 60);
    // A rollback before the impact is a change like any other (a rollback can break things); a destructive command
    // run by hand (rm -rf, DROP, TRUNCATE) weighs as a deploy.
    const typeWeight =
      c.type === "rollback"
        ? 0.8
        : c.type === "other"
          ? DESTRUCTIVE.test(n.message)
            ? 1
            : 0.6
          : c.type === "infra"
            ? 0.85
            : c.phase === "started"
              ? 0.85
              : 1;
    const tie = reversedByFix ? 1.8 : undo ? 1.5 : 1;
    const talk = dismissed ? 0.4 : blamed ? 1.25 : 1;
    const raw = proximity * relation * typeWeight * (automatic ? 0.3 : 1) * tie * talk;
    // Scores are capped at 1, but the order underneath is kept (the cap must not make the trigger tie a lesser one).
    const score = Math.round(Math.min(1, raw) * 100) / 100;
    const why = [
      exactHit
        ? "on a service or host that then failed"
        : wordHit
          ? `its name shares "${wordHit}" with what failed`
          : signatureHit
            ? `the incident's errors name "${signatureHit}"`
            : pathHit
              ? `"${pathHit}" names a source that logged the failure`
              : null,
      automatic ? "an autoscaler's own response to load" : null,
      reversedByFix && mitigation
        ? `the action that ended the impact undid it ("${snippet(mitigation.message)}")`
        : undo
          ? `later undone (${undo.kind === "chat" ? "in chat" : "by a change"}, "${snippet(undo.message)}")`
          : null,
      dismissed ? `responders called it unrelated ("${snippet(dismissed.message)}")` : null,
      blamed ? `responders tied it to the failure ("${snippet(blamed.message)}")` : null,
    ].filter((x): x is string => x !== null);
    const label = c.type === "other" ? "Change" : `${c.type[0]?.toUpperCase()}${c.type.slice(1)}`;
    const when =
      n.at > impactStart
        ? `${Math.round((n.at - impactStart) / 1000)} s after impact start`
        : `${Math.round(minutes * 10) / 10} min before impact`;
    const tiedBy = reversedByFix && mitigation ? mitigation : (undo ?? dismissed ?? blamed);
    const evidence: EvidenceRef[] = [notableRef(ctx, n), ...(tiedBy ? [notableRef(ctx, tiedBy)] : [])];
    out.push({
      kind: "suspect-change",
      summary: `${label} ${when}${c.svc ? ` on ${c.svc}` : ""}${why.length ? ` (${why.join("; ")})` : ""}: ${n.message.slice(0, 140)}`,
      source: sourceLabel(ctx, n.src),
      time: toUtcInstant(n.at),
      evidence,
      score,
      raw,
    });
  }
  out.sort((a, b) => b.raw - a.raw);
  return out.slice(0, 5).map(({ raw: _raw, ...f }) => f);
}

const STATUS_REPORT = /\bUpdated health status\b|\bhealth status (changed|is)\b/i;

/**
 * A quoted piece of another message inside a finding's summary: short, one line, and without `: ` so that readers
 * of the summary (`Label when (why): message`) still find the change's own message after the first `: `.
 */
function snippet(text: string): string {
  return text.replace(/\s+/g, " ").replace(/:\s/g, " ").replace(/"/g, "'").slice(0, 60);
}

/** Manual commands that destroy or rewrite data: a change by hand with a large blast radius. */
const DESTRUCTIVE =
  /\brm\s+-[a-z]*[rf]|\b(drop|truncate)\s+(table|database|schema)\b|\bdelete\s+from\b|\bmkfs\b|\bdd\s+if=|\bwipefs\b|\bfdisk\b|\bkubectl\s+delete\b|\bterraform\s+destroy\b/i;

/** Responders saying a change is not the cause. */
const DISMISSED =
  /\b(unrelated|not related|red herring|not the cause|not (it|this|that)\b|ruled? out|rule it out|innocent|coincidence|irrelevant|a distraction|nothing to do with)\b/i;
/** Responders tying a change to the failure. */
const BLAMED =
  /\b(caused|causing|culprit|the cause|root cause|because of|due to|triggered by|started (right )?after|since (the|we)|broke|breaking|we (just )?(deployed|added|upgraded|changed|rolled out|published|pushed|ran|merged|applied|enabled|flipped|removed|deleted|migrated|scaled))\b/i;

/** Opposite directions of one operation: the second undoes the first. */
const OPPOSITES: Array<[RegExp, RegExp]> = [
  [
    /\b(scaled? up|scal(ed|ing) out|increas\w*|added|grew|grow)\b/i,
    /\b(scaled? down|scal(ed|ing) in|decreas\w*|removed|shr[iu]nk\w*)\b/i,
  ],
  [/\b(enabled?|turn(ed)? on|on\b(?! call))/i, /\b(disabled?|turn(ed)? off|off\b|kill[- ]?switch)/i],
  [/(^|[^o] )\bshut(down)?\b/i, /\bno shut\b|\bstartup\b|\bbrought up\b/i],
  [/\b(creat\w*|attach\w*|install\w*)\b/i, /\b(delet\w*|detach\w*|uninstall\w*|remov\w*)\b/i],
];

/**
 * Whether `later` is the opposite action on the object `change` acted on: the same named object (service,
 * Kubernetes object, flag, interface) and the opposite direction.
 */
function reverses(change: Timed, later: Timed): boolean {
  if (later.at <= change.at) return false;
  const a = objectKey(change);
  const b = objectKey(later);
  if (a === null || b === null || a !== b) return false;
  for (const [x, y] of OPPOSITES) {
    if ((x.test(change.message) && y.test(later.message)) || (y.test(change.message) && x.test(later.message)))
      return true;
  }
  return false;
}

/** Both act on the same object, or neither names one. */
function sameObject(a: Timed, b: Timed): boolean {
  const x = objectKey(a);
  return x === null || x === objectKey(b);
}

/** The object a change acted on: Kubernetes object, change record's `what`, service, or the first named thing. */
function objectKey(n: Timed): string | null {
  const obj = objectName(n.message);
  if (obj) return obj.toLowerCase().replace(/-[0-9a-f]{6,10}(-[0-9a-z]{5})?$/, "");
  const iface = /\b(?:Ethernet|eth|xe-|ge-|et-|Port-Channel|ens|eno)[\w/.:-]*\d/i.exec(n.message)?.[0];
  if (iface) return iface.toLowerCase();
  // a flag's key names it better than the project's service
  const flag = /\bflag\s+([\w.-]+)/i.exec(n.message)?.[1];
  if (flag) return flag.toLowerCase();
  const svc = serviceOf(n);
  return svc ? svc.toLowerCase() : null;
}

/** Names specific enough to recognise a change in chat (not the words every change shares). */
function distinctNames(names: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of names) if (t.length >= 4 && !GENERIC.has(t)) out.add(t);
  return out;
}

const GENERIC = new Set(
  "flag flags feature ruleset rule rules replica replicas scaled scale set sets deployment deployments rollout pods pod node nodes task tasks changed change ansible terraform apply module resource helm chart image commit merge branch sync synced operation completed updated health status east west north south central region zone primary secondary".split(
    " ",
  ),
);

const K8S_CHANGE =
  /\b(ScalingReplicaSet|DeploymentRollback|Sync(ed)?|OperationCompleted|ResourceUpdated|Upgrad(e|ed|ing)|Rolling ?Update|rollout|Deployed)\b/;

/** A Kubernetes or Argo CD event that records a change (scaling, sync, rollout), not a symptom. */
export function isChangeEvent(n: NotableEvent): boolean {
  // a health-status update is the controller reporting a symptom, not a change
  return n.kind === "k8s-event" && K8S_CHANGE.test(n.message) && !/fail|error|degraded|health status/i.test(n.message);
}

/** `Deployment/ledger-store Scaled…` → `ledger-store`. */
function objectName(message: string): string | null {
  return /^(?:Deployment|StatefulSet|DaemonSet|ReplicaSet|Application|Rollout)\/([\w.-]+)/.exec(message)?.[1] ?? null;
}
