import { chatActionChange } from "./change-evidence.js";
import { changeIds, DESTRUCTIVE, distinctNames, objectName, overlaps, tokens } from "./change-ties.js";
import { changeType, isBotMessage, serviceOf } from "./classify.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * The changes a trigger ranking weighs: change records (and Kubernetes, Argo CD and Flux events that record one, and
 * changes only chat records) before the impact, one candidate per change however many records it left (a merge, a
 * CI start, the rollout's end), timed by when it took effect; and how much each kind weighs.
 */

type Timed = NotableEvent & { at: number };

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** How far back a change may have been made and still be a suspect. */
export const LOOKBACK = 24 * HOUR;
/**
 * A change that took effect a little after the first failure seen is still a suspect: the first failure's time and
 * the change's recorded effect time each carry seconds of uncertainty (log flushing, a rollout's first new pod).
 */
export const AFTER_IMPACT_SLACK = 30_000;
/**
 * A rollout already under way when the impact began (its start recorded before, its completion after) is a suspect
 * too: the first new pods or hosts fail before the tool reports the rollout complete.
 */
export const ROLLOUT_TAIL = 15 * MINUTE;

/** How soon after the impact began a rollback can be a responder's test of a suspect (after detection, diagnosis). */
export const RESPONSE_DELAY = 5 * MINUTE;

/** The change record a notable carries (contracts.md "Change events"), when it has one. */
export function record(n: NotableEvent): {
  phase?: string;
  where?: string[];
  what?: string;
  type?: string;
  id?: string;
  version?: string;
  effectiveAt?: string | null;
} | null {
  const c = n.attributes.change;
  return c !== null && typeof c === "object" ? (c as Record<string, unknown> as never) : null;
}

export interface Candidate {
  n: Timed;
  type: string;
  svc: string | null;
  names: Set<string>;
  phase: string | null;
  /** When the change took effect (its record's effect time, else its own time). */
  at: number;
  /** When the change began: its earliest record (a commit, a CI start) folded into this one. */
  began: number;
  /** Identifiers naming this change across records (commit hash, version, record id). */
  ids: Set<string>;
}

/** The effect time a record states when it is not the record's own time (a commit that says when it shipped). */
function effectTime(n: Timed): number {
  const eff = record(n)?.effectiveAt;
  const t = typeof eff === "string" ? Date.parse(eff) : Number.NaN;
  // the record's times are as written: move the stated effect by the same correction as the record's own time
  return Number.isFinite(t) ? n.at + (t - n.ts) : n.at;
}

/**
 * Change records before the impact (and rollouts under way when it began), one candidate per change. `rose` says
 * whether failures rose after a time: a change that took effect after the first failure (up to `ROLLOUT_TAIL`) is
 * a suspect when they did (a gradual rollout, a job recorded only when it finished), not when they went on as before.
 */
export function changeCandidates(
  notables: Timed[],
  impactStart: number,
  rose: ((t: number) => boolean) | null = null,
): Candidate[] {
  const all: Candidate[] = [];
  // what people reported doing in chat before the impact, unless a tool's record of the same change is at hand
  const reported = new Set<Candidate>();
  for (const n of notables) {
    const byHand = !chatChange(n) && n.at <= impactStart && chatActionChange(n);
    if (!(n.kind === "change" || isChangeEvent(n) || chatChange(n) || byHand)) continue;
    if (n.at > impactStart + ROLLOUT_TAIL || n.at < impactStart - LOOKBACK) continue;
    // a controller reporting an application's health is a symptom, not a change
    if (STATUS_REPORT.test(n.message)) continue;
    const rec = record(n);
    const type =
      n.kind === "change"
        ? (recordType(rec?.type) ?? changeType(n))
        : /scal/i.test(n.message)
          ? "infra"
          : changeType(n);
    // the program that ran a command by hand (sudo, cron) is not what the command changed: its arguments are
    const named = serviceOf(n) ?? objectName(n.message);
    const runner = named !== null && RUNNER.test(named);
    const svc = runner ? null : named;
    const command = runner ? (/COMMAND=(.*)$/.exec(n.message)?.[1] ?? n.message) : null;
    // what it touched: its service and hosts, the flag's key, the objects it applied (`ConfigMap/edge/haproxy-config`)
    const flag = typeof n.attributes.flag === "string" ? n.attributes.flag : null;
    const names = new Set<string>([
      ...tokens(svc),
      ...tokens(n.host),
      ...(rec?.where ?? []).filter((w) => !RUNNER.test(w)).flatMap((w) => [...tokens(w)]),
      ...tokens(flag),
      ...[...n.message.matchAll(APPLIED_OBJECT)].flatMap((m) => [...tokens(m[1])]),
      ...[...tokens(command)].filter((t) => !COMMAND_WORDS.has(t)),
    ]);
    const ids = changeIds(`${rec?.what ?? ""} ${n.message}`);
    for (const x of [rec?.id, rec?.version]) if (typeof x === "string" && x.length >= 3) ids.add(x.toLowerCase());
    const at = effectTime(n);
    const phase = typeof rec?.phase === "string" ? rec.phase : null;
    const cand: Candidate = { n, type, svc, names, phase, at, began: Math.min(at, n.at), ids };
    all.push(cand);
    if (byHand) reported.add(cand);
  }
  // One change, several records: a commit or merge, a CI start, and the record of its effect. The early records are
  // folded into the effect's (same source within the hour, or anywhere when they share a commit, version or id), so
  // the change ranks once, by when it took effect.
  const early = (c: Candidate) => c.phase === "started" || c.phase === "committed";
  const folded = new Set<Candidate>();
  // A person saying in chat what a tool also recorded (minutes apart, the same names or identifiers) is one change,
  // ranked by the tool's record.
  for (const c of reported) {
    const words = distinctNames(tokens(c.n.message));
    const record = all.find(
      (o) =>
        o !== c &&
        o.n.kind !== "chat" &&
        Math.abs(o.at - c.n.at) <= 15 * MINUTE &&
        (overlaps(words, o.names) !== null ||
          overlaps(words, distinctNames(tokens(o.n.message))) !== null ||
          overlaps(c.ids, o.ids) !== null),
    );
    if (record) folded.add(c);
  }
  for (const c of all) {
    if (!early(c)) continue;
    const effect = all.find(
      (o) =>
        o !== c &&
        !early(o) &&
        o.at >= c.n.at &&
        o.at - c.n.at <= LOOKBACK &&
        ((o.n.src === c.n.src && o.at - c.n.at <= HOUR && (c.svc === null || o.svc === null || c.svc === o.svc)) ||
          overlaps(c.ids, o.ids) !== null),
    );
    if (!effect) continue;
    folded.add(c);
    effect.began = Math.min(effect.began, c.began);
  }
  // One change rolled across a fleet (the same package upgrade on ns-1, ns-2 and ns-3 minutes apart, each host's own
  // log recording it): one suspect, timed by the first host, where it took effect first.
  const fleetKey = (c: Candidate) => `${c.type}\u0000${c.n.message.replace(/\d+/g, "#").slice(0, 200)}`;
  for (const c of all) {
    if (folded.has(c) || c.n.kind === "chat") continue;
    const first = all.find(
      (o) =>
        o !== c &&
        !folded.has(o) &&
        o.n.src !== c.n.src &&
        (o.at < c.at || (o.at === c.at && o.n.src < c.n.src)) &&
        c.at - o.at <= 30 * MINUTE &&
        fleetKey(o) === fleetKey(c),
    );
    if (!first) continue;
    folded.add(c);
    for (const t of c.names) first.names.add(t);
  }
  // One run of a package manager, several records seconds apart (dpkg upgrading libssl3, then openssl): one change,
  // represented by the record that names the most, with every record's names.
  const tool = (c: Candidate) => {
    const t = (record(c.n) as { tool?: unknown } | null)?.tool;
    return typeof t === "string" && PACKAGE_TOOL.test(t) ? t : null;
  };
  for (const c of all) {
    if (folded.has(c) || c.n.kind === "chat" || tool(c) === null) continue;
    const other = all.find(
      (o) =>
        o !== c &&
        !folded.has(o) &&
        o.n.src === c.n.src &&
        tool(o) === tool(c) &&
        o.type === c.type &&
        Math.abs(o.at - c.at) <= 60_000 &&
        (o.names.size > c.names.size ||
          (o.names.size === c.names.size && o.at >= c.at && o !== c && o.n.line > c.n.line)),
    );
    if (!other) continue;
    folded.add(c);
    for (const t of c.names) other.names.add(t);
    other.began = Math.min(other.began, c.began);
  }
  // A tool's consecutive reports of one rollout (Helm's "has been upgraded", then kubectl's "successfully rolled
  // out") are one change: same source, same service, minutes apart; it took effect with the last.
  for (const c of all) {
    if (folded.has(c) || c.svc === null) continue;
    const next = all.find(
      (o) =>
        o !== c &&
        !folded.has(o) &&
        o.n.src === c.n.src &&
        o.svc === c.svc &&
        o.type === c.type &&
        o.at > c.at &&
        o.at - c.at <= 15 * MINUTE &&
        o.at <= impactStart + AFTER_IMPACT_SLACK,
    );
    if (!next) continue;
    folded.add(c);
    next.began = Math.min(next.began, c.began);
  }
  // Suspects took effect before the impact (give or take the clocks' slack), or were already rolling out when it began.
  return all.filter(
    (c) =>
      !folded.has(c) &&
      (c.at <= impactStart + AFTER_IMPACT_SLACK ||
        c.began <= impactStart ||
        (c.n.kind !== "chat" && c.type !== "rollback" && rose?.(c.at) === true)) &&
      c.at >= impactStart - LOOKBACK,
  );
}

/** Both records applied the same named objects (a Flux or kubectl apply of the same ConfigMap), or name the same object. */
export function sameApplied(a: Timed, b: Timed): boolean {
  const objects = (n: Timed) =>
    [...n.message.matchAll(APPLIED_OBJECT), ...n.message.matchAll(TERRAFORM_ADDRESS)]
      .map((m) => m[0])
      .sort()
      .join(" ");
  const x = objects(a);
  if (x !== "") return x === objects(b);
  return typeof a.attributes.flag === "string" && a.attributes.flag === b.attributes.flag;
}

/** Package managers: one run upgrades several packages, each its own record. */
const PACKAGE_TOOL = /^(?:apt|apt-get|dpkg|yum|dnf|pacman|apk|zypper|unattended-upgrades?)$/i;

/** Programs that run commands by hand or on a schedule: the log's service, not the changed system. */
const RUNNER = /^(?:sudo|su|cron|crond|anacron|sshd|systemd|bash|sh|zsh|login)$/i;
/** Words of a command line that name no system (binaries, common paths and options). */
const COMMAND_WORDS = new Set(
  "bin usr sbin opt var etc home tmp local rm mv cp sudo systemctl service kill pkill chmod chown force recursive".split(
    " ",
  ),
);

/** `Kind/namespace/name` of an object a change applied, as kubectl and Flux print it. */
export const APPLIED_OBJECT =
  /\b(?:ConfigMap|Secret|Deployment|StatefulSet|DaemonSet|Service|Ingress|HelmRelease|Kustomization|CronJob|Job)\/([\w./-]+)/g;

/** A Terraform resource address as its apply output names it (`aws_lb_listener_rule.git_http: Modifications…`). */
const TERRAFORM_ADDRESS =
  /\b(?:module\.[\w-]+\.)*[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+(?=(?:\[[^\]]*\])?: (?:Modif|Creat|Destr|Still))/g;

/** Environments that are not production: a change there cannot break production directly. */
const NON_PRODUCTION = /^(?:staging|stage|stg|dev|development|test|testing|qa|sandbox|preview|uat|canary-staging)$/i;

/** Whether a change record says it went to a non-production environment (a flag flipped in staging). */
function nonProduction(n: Timed): boolean {
  // Only the record's own fields (a flag tool's environment, the targets a tool lists) say where a change landed:
  // a CI step's text saying "to staging" is what someone meant, and a change meant for staging that reached
  // production is a trigger like any other.
  const env = n.attributes.environment;
  if (typeof env === "string") return NON_PRODUCTION.test(env.trim());
  const where = record(n)?.where ?? [];
  return where.length > 0 && where.every((w) => NON_PRODUCTION.test(w.trim()));
}

/**
 * A change that only chat records: someone saying it is done ("the DS record is now published", "the new cert is
 * live", "rotated the signing key"). Announcements the change recognisers turn into change events never reach here
 * as chat; this catches the wordings they leave as chat. Plans, questions and heads-ups are not changes.
 */
function chatChange(n: Timed): boolean {
  if (n.kind !== "chat" || isBotMessage(n) || n.message.length > 400) return false;
  return CHAT_DONE.test(n.message) && !CHAT_NOT_DONE.test(n.message) && !/\?\s*$/.test(n.message);
}

const CHAT_DONE =
  /\b(?:is|are|was|were|went|has been|have been|now)\s+(?:now\s+)?(?:published|live|enabled|switched|cut over|rotated|renewed|migrated|applied|pushed|merged|released|turned on|flipped|changed|updated|removed|deleted|added|installed|upgraded)\b|^(?:i |we |just )?(?:published|pushed|rotated|renewed|cut over|switched over|turned on|applied|changed|updated)\b/i;
const CHAT_NOT_DONE =
  /\b(will|going to|gonna|next step|planning|plan to|about to|starting|tomorrow|later today|heads up|should|could|would|not yet|isn'?t|aren'?t|wasn'?t)\b/i;

/** The kind a change record states, in the words `changeType` uses (scaling by hand weighs as infrastructure). */
function recordType(type: string | undefined): string | null {
  if (!type) return null;
  return type === "scale" ? "infra" : type === "release" ? "deploy" : type;
}

/**
 * How much a kind of change weighs as a trigger. A rollback before the impact is a change like any other (a rollback
 * can break things) but restores a state that ran before; a restart changes no code or configuration; a destructive
 * command run by hand (rm -rf, DROP, TRUNCATE) weighs as a deploy; a change recorded as started but never as done,
 * or as failed, may not have taken effect.
 */
export function kindWeight(c: Candidate): number {
  const base =
    c.type === "rollback"
      ? 0.8
      : c.type === "restart"
        ? 0.6
        : c.type === "commit"
          ? 0.9
          : c.type === "other"
            ? DESTRUCTIVE.test(c.n.message)
              ? 1
              : INFRA_WORDS.test(c.n.message)
                ? 0.85
                : 0.6
            : c.type === "infra"
              ? 0.85
              : 1;
  const phase = c.phase === "started" ? 0.85 : c.phase === "failed" ? 0.7 : 1;
  return base * phase * (nonProduction(c.n) ? 0.3 : 1);
}

/** Changes of kinds the reader may not type: certificates, DNS records, routes, firewall rules, maintenance runs. */
const INFRA_WORDS =
  /\b(dns|dnssec|ds record|registrar|certificate|cert|tls|ssl|route|routing|firewall|security group|iptables|acl|load balancer|listener|maintenance|migration|cron)\b/i;

/**
 * A controller reporting health, or a periodic reconciliation that applied nothing (Flux's `Reconciliation finished
 * in 612ms, next run in 10m0s`): status, not a change.
 */
export const STATUS_REPORT =
  /\bUpdated health status\b|\bhealth status (changed|is)\b|\bReconciliation finished in [\d.]+m?s, next run in\b/i;

const K8S_CHANGE =
  /\b(ScalingReplicaSet|DeploymentRollback|Sync(ed)?|OperationCompleted|ResourceUpdated|Upgrad(e|ed|ing)|Rolling ?Update|rollout|Deployed)\b|\b[A-Z][A-Za-z]+\/[\w./-]+ (configured|created)\b/;

/**
 * A Kubernetes, Argo CD or Flux event that records a change (scaling, sync, rollout, objects applied: Flux's
 * `ConfigMap/edge/haproxy-config configured`, as kubectl apply prints it), not a symptom.
 */
export function isChangeEvent(n: NotableEvent): boolean {
  // a health-status update is the controller reporting a symptom, not a change
  return n.kind === "k8s-event" && K8S_CHANGE.test(n.message) && !/fail|error|degraded|health status/i.test(n.message);
}
