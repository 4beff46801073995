import type { DenseSeries } from "./change-point.js";
import { CHANGE_TALK, tokens } from "./change-ties.js";
import { alertInfo, isActionReport, isBotMessage, isProblemReport, serviceOf } from "./classify.js";
import type { AnalysisContext } from "./context.js";
import { failureRatio } from "./impact.js";
import type { NotableEvent } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";

/**
 * Evidence about a suspect change beyond its own record, gathered the way a responder would: what the alerts of the
 * incident name, whether failures rose after a change that took effect once the impact had begun, whether chat or a
 * rollback cites the change by its identifiers (commit, version, run number), and how the weight of a change falls
 * with the time between its effect and the impact. Used by suspect-changes.ts.
 */

type Timed = NotableEvent & { at: number };

const MINUTE = 60_000;

/** Words of alert names and texts that say how something failed, not what failed. */
const ALERT_WORDS = new Set(
  "high low rate ratio errors error latency slow down firing resolved critical warning warn page above below threshold percent requests request failing failure failures slo burn budget availability saturation usage utilization instance job alert alerts alertname summary description value count total p99 p95 p50 increase increased elevated spike too many much fast fired pending status code codes response responses time timeout timeouts".split(
    " ",
  ),
);

/** `CheckoutHighErrorRate` → `Checkout High Error Rate`; `db2_replication_lag` stays as it is. */
function splitCamel(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
}

/**
 * Words naming what the incident's alerts were about: their names (split at case changes), services and hosts,
 * for alerts that fired from shortly before the impact to its end. Words that say how things fail (high, error,
 * latency) are left out: they name no system.
 */
export function alertWords(notables: readonly Timed[], from: number, to: number): Set<string> {
  const out = new Set<string>();
  for (const n of notables) {
    if (n.kind !== "alert" || n.at < from || n.at > to) continue;
    const a = alertInfo(n);
    if (a.state !== "firing") continue;
    for (const text of [splitCamel(a.name), serviceOf(n), n.host, splitCamel(n.message.slice(0, 200))])
      for (const t of tokens(text)) if (!ALERT_WORDS.has(t)) out.add(t);
  }
  return out;
}

/**
 * Whether failures rose after time `t` (a change that took effect after the first failure): the failure level in
 * the five minutes after it (from 30 s on) is at least twice the level between the impact's start and it, with a
 * few failures to go on. A change after which the failures went on as before did not start them.
 */
export function roseAfter(series: DenseSeries | null, useRatio: boolean, impactStart: number, t: number): boolean {
  if (series === null || t - impactStart < 30_000) return true;
  const before = failureRatio(series, impactStart, t);
  const after = failureRatio(series, t + 30_000, t + 5 * MINUTE + 30_000);
  if (after.failures < 10) return false;
  const level = (x: { failures: number; requests: number }, seconds: number) =>
    useRatio ? (x.requests > 0 ? x.failures / x.requests : 0) : x.failures / Math.max(1, seconds);
  return level(after, 300) >= 2 * level(before, (t - impactStart) / 1000);
}

/**
 * Whether a text names one of a change's identifiers (commit, version, run or revision number) as the thing acted
 * on. "Rollback to 140" and "back to v3.17.4" name the state returned to (the change before), not the one undone.
 */
export function citesId(text: string, ids: ReadonlySet<string>): string | null {
  if (ids.size === 0) return null;
  const lower = text.toLowerCase();
  for (const id of ids) {
    if (id.length < 3) continue;
    const esc = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(^|[^\\w.])(to |onto |back to |at )?(?:v|#|r)?${esc}(?![\\w])`, "g");
    for (const m of lower.matchAll(re)) if (!m[2]) return id;
  }
  return null;
}

/**
 * How much a change's distance before the impact weighs. Nearly full weight for changes in the ten minutes before
 * (the first failures of a rollout, a cache's first expiries); beyond that the weight above a floor halves every two
 * hours, so that a change tied to what failed hours before (a latent fault exposed at the evening peak, a cache
 * that emptied slowly) still outranks a nearer change tied to nothing: time alone must not decide.
 */
export function proximityWeight(minutesBefore: number): number {
  // within the ten minutes a nearer change still edges out a farther one (a build step before the publish it led to)
  if (minutesBefore <= 10) return 1 - 0.005 * minutesBefore;
  return 0.4 + 0.55 * 0.5 ** ((minutesBefore - 10) / 120);
}

/**
 * A person in chat reporting a change they made before the impact ("ran the capacity playbook on s3-index",
 * "kicked off the grants migration", "updated the resolver topology"): an action report that is not a report of
 * trouble.
 */
export function chatActionChange(n: Timed): boolean {
  if (n.kind !== "chat" || isBotMessage(n) || n.message.length > 400) return false;
  return isActionReport(n) && !isProblemReport(n) && !/\?\s*$/.test(n.message);
}

/**
 * Kinds of component a failure or a change can be about. Errors that are DNS failures tie a change to a resolver;
 * token-verification failures tie a change to signing keys; and so on. A name match is stronger; this is the tie an
 * SRE makes when the failing logs name no system ("lookup … server misbehaving: that's DNS").
 */
const CATEGORIES: ReadonlyArray<[string, RegExp]> = [
  [
    "DNS",
    /\b(dns|dnssec|resolv(?:er|ers|ing|e)|nameservers?|unbound|coredns|bind9|dnsmasq|nxdomain|servfail|(?:dns )?lookups?|no such host|ds records?|route53)\b|:53\b/i,
  ],
  [
    "TLS",
    /\b(?:tls|ssl)\w*|\b(x509|certificates?|certs?|handshake|openssl|libssl\w*|ca bundle|cert-manager|protocol_version)\b/i,
  ],
  [
    "authentication",
    /\b(auth|authn|authz|authenticat\w*|tokens?|jwt|jwks|oauth|oidc|saml|credentials?|signing keys?|kid|principal|keytab|kerberos|unauthori[sz]ed|access keys?|api keys?)\b/i,
  ],
  ["database", /\b(postgres\w*|mysql|mariadb|database|sql|pgbouncer|deadlock|replication|xid)\b/i],
  ["cache", /\b(cache|caches|caching|redis|memcached?|varnish)\b/i],
  [
    "routing",
    /\b(bgp|routes?|routing|prefix(?:es)?|peering|firewall|iptables|security groups?|listener rules?|mtu)\b/i,
  ],
  ["storage", /\b(disks?|volumes?|filesystem|no space|inodes?|buckets?|ebs|nfs)\b/i],
  ["limits", /\b(quotas?|rate ?limit\w*|ratelimit\w*|throttl\w*)\b/i],
];

/** The component kinds a text is about. */
export function categoriesOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const [name, re] of CATEGORIES) if (re.test(text)) out.add(name);
  return out;
}

/**
 * Responders reporting that an action changed nothing ("flag off, no change", "no effect from the rollback",
 * "didn't help", "errors still climbing"): said after an undo, it clears the change undone.
 */
export const NO_EFFECT =
  /\b(no (?:effect|change|difference|improvement)|didn'?t (?:help|change anything|fix it)|did not (?:help|change anything|fix it)|not helping|made no difference|nothing changed|still (?:failing|erroring|broken|down|climbing|the same|5\d\d)|errors? (?:still|keep) (?:climbing|rising|coming))\b/i;

/** What the incident's own evidence says about the failing components, beyond the names of failing services. */
export interface IncidentSignals {
  /** Component kinds the failures are about, each with a piece of the evidence that says so. */
  categories: Map<string, string>;
  /** Names of components that began logging something new (or much more) as the impact began, with the template. */
  newlyNoisy: Map<string, string>;
}

/**
 * The component kinds and newly noisy components of an incident: from the templates new or surging during the
 * impact, the failure classes (DNS answer codes), alerts firing from shortly before the impact, and people in chat
 * describing the failure (not lines that talk about a change, which would tie every change to itself).
 */
export function incidentSignals(
  ctx: AnalysisContext,
  notables: readonly Timed[],
  facts: readonly TemplateFacts[],
  impactStart: number,
): IncidentSignals {
  const categories = new Map<string, string>();
  const note = (text: string, quote: string) => {
    for (const c of categoriesOf(text)) if (!categories.has(c)) categories.set(c, quote.slice(0, 60));
  };
  const newlyNoisy = new Map<string, string>();
  for (const f of facts) {
    if (!(f.novel || f.surge !== null)) continue;
    if (f.signature) note(f.template, f.template);
    // the component whose own log changed as the impact began (not at the change itself, minutes before)
    if (f.service && f.first >= impactStart - 2 * MINUTE && f.first <= impactStart + 10 * MINUTE)
      for (const t of tokens(f.service)) if (!newlyNoisy.has(t)) newlyNoisy.set(t, f.template.slice(0, 60));
  }
  for (const s of ctx.agg.sources) for (const k of s.failureClasses.keys()) if (DNS_RCODE.test(k)) note("dns", k);
  const end = impactStart + 3 * 60 * MINUTE;
  for (const n of notables) {
    if (n.at < impactStart - 30 * MINUTE || n.at > end) continue;
    if (n.kind === "alert" && alertInfo(n).state === "firing")
      note(`${splitCamel(alertInfo(n).name)} ${n.message}`, n.message);
    else if (n.kind === "chat" && n.at >= impactStart && !isBotMessage(n) && !CHANGE_TALK.test(n.message))
      note(n.message, n.message);
  }
  return { categories, newlyNoisy };
}

const DNS_RCODE = /^(SERVFAIL|REFUSED|NXDOMAIN|TIMEOUT|TIMED_?OUT|NOTAUTH) /;

/**
 * The first person saying an undo did nothing, within ten minutes after it and before any other rollback or revert
 * was reported (which the remark would then be about).
 */
export function noEffectAfter(undo: Timed, people: readonly Timed[], undoWord: RegExp): Timed | undefined {
  for (const p of people) {
    if (p.at <= undo.at || p === undo) continue;
    if (p.at > undo.at + 10 * MINUTE) return undefined;
    if (NO_EFFECT.test(p.message)) return p;
    // another undo reported first: a remark after it is about that one (an echo of the same undo names it again)
    if (undoWord.test(p.message) && !NO_EFFECT.test(p.message) && p.at > undo.at + 2 * MINUTE) return undefined;
  }
  return undefined;
}

/** Words of an action that say what was done, not to what (`reloaded`, `service`): no tie between two actions. */
const ACTION_ONLY = new Set(
  "reload reloaded reloading restart restarted restarting started stopped stopping starting server service unit rolled rollback scaled purge purged cache flushed running done complete completed successfully apply applied upgrade upgraded install installed flag flags state value values remote feature features setting settings production environment segment segments overrides override rules rule percentage enabled disabled true false strategy variation default changed change modified version release deployment deployments config configuration update updated sync synced operation succeeded application applications resource resources event events status health".split(
    " ",
  ),
);

/**
 * Whether the action that ended the impact acted on what a change touched (the resolver reloaded without the new
 * setting, the cache of the changed key purged): a name both share, or the same host. Returns the shared name.
 */
export function actsOn(changeWords: ReadonlySet<string>, host: string | null, action: Timed): string | null {
  const words = tokens(`${serviceOf(action) ?? ""} ${action.message}`.slice(0, 300));
  for (const t of changeWords) if (t.length >= 4 && words.has(t) && !ACTION_ONLY.has(t)) return t;
  if (host !== null && action.host === host && action.kind !== "chat") return host;
  return null;
}

/** A reply that rules out what a question brought up ("neither goes near partner calls", "no, login UI only"). */
const RULED_OUT_REPLY =
  /^(?:no|nope|neither|nothing)\b|\bneither\b|\b(?:doesn'?t|does not|don'?t|do not|didn'?t|did not|can'?t|cannot) (?:touch|go near|affect|change|explain)\b|\bgoes? near\b|\bnot (?:related|it)\b|\bunrelated\b/i;

/**
 * A responder's question naming a change ("portal-web synced at 08:05 … anything there touching integrations?")
 * answered by someone else within five minutes with a reply that rules it out ("neither goes near partner calls"):
 * the change is dismissed although the reply does not name it.
 */
export function ruledOutInReply(said: readonly Timed[], people: readonly Timed[]): Timed | undefined {
  for (const q of said) {
    if (!/\?\s*$/.test(q.message)) continue;
    const replies = people.filter((r) => r.at > q.at && r.at <= q.at + 5 * MINUTE && r.actor !== q.actor).slice(0, 3);
    const no = replies.find((r) => RULED_OUT_REPLY.test(r.message));
    if (no) return no;
  }
  return undefined;
}

/**
 * Hosts of the failing fleet that failed about as much as `host` did, other than it: a change made on one load
 * balancer or web server cannot by itself explain failures as heavy on its peers it never touched. Empty when the
 * host did not fail at all (a dependency behind the failing fleet, whose change can break every peer) or failed
 * most. Peers are hosts of the same failing sources with at least half the host's failures.
 */
export function untouchedPeers(ctx: AnalysisContext, host: string | null): string[] {
  if (host === null) return [];
  const failures = new Map<string, number>();
  for (const s of ctx.agg.sources)
    for (const [h, c] of s.hosts) if (c.failures > 0) failures.set(h, (failures.get(h) ?? 0) + c.failures);
  const own = failures.get(host) ?? 0;
  if (own === 0) return [];
  let total = 0;
  for (const v of failures.values()) total += v;
  if (own / total >= 0.6) return [];
  return [...failures].filter(([h, v]) => h !== host && v >= own / 2).map(([h]) => h);
}

/**
 * A reload or restart that names no new version or configuration ("Reloaded haproxy.service", "Loading success",
 * "start worker processes"): it applies what was already there, so it weighs like a restart.
 */
export const BARE_RELOAD =
  /^(?:\[\w+\]\s+\(\d+\)\s*:\s*)?(?:Reload(?:ed|ing)|Restart(?:ed|ing)|Start(?:ed|ing)|Loading success|start worker process(?:es)?|Reexecuting)\b[^=]*$/i;
