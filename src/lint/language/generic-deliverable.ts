/**
 * An action item whose verb produces something ("Add", "Create", "Set up") is still vague when what it produces is a
 * kind of thing rather than a thing ("Add monitoring to the new service", "Create an incident response plan", "Add
 * health checks to services", "Migrate to a managed database"): the item names a generic deliverable and no
 * particular target, signal or place. "Add structured logging for failed token refreshes" and "Add a dashboard for
 * ingress latency by route" name theirs, and are specific.
 * @module
 */
import type { Token } from "./tokenize.js";

/** Deliverables named by their kind: specific only with a particular target. */
const GENERIC_DELIVERABLES = new Set(
  (
    "alert alerts alerting alarm alarms monitoring monitor monitors logging logs log metrics metric dashboard " +
    "dashboards test tests testing check checks validation validations retries retry redundancy runbook runbooks " +
    "playbook playbooks plan plans template templates documentation docs doc slo slos sli slis guardrail guardrails " +
    "guard-rails safeguard safeguards automation observability tracing traces breaker breakers limiting limits " +
    "flags backups backup capacity failover response procedure procedures policy policies checklist checklists " +
    "reviews process processes training visibility resilience tooling instrumentation telemetry coverage " +
    "notifications notification escalation escalations safety timeouts timeout chaos engineering health on-call oncall learnings lessons findings knowledge insights sre sres engineer " +
    "engineers person headcount staff"
  ).split(" "),
);
/** Places and objects that name no particular one. */
const GENERIC_PLACES = new Set(
  (
    "cluster clusters service services system systems deployment deployments deploy deploys process processes " +
    "failure failures incident incidents issue issues problem problems prod production infrastructure infra " +
    "platform app apps application applications codebase code team teams everything things thing stuff " +
    "environment environments env envs server servers node nodes database databases db dbs future case cases " +
    "situation outage outages change changes release releases tool tools pipeline pipelines repo repos repository " +
    "project projects component components stack area areas part parts side way ways one ones level place " +
    "places usage load api apis endpoint endpoints kubernetes cloud provider vendor engineers people users customers"
  ).split(" "),
);
/** Words that qualify without pinning anything down. */
const VAGUE_WORDS = new Set(
  (
    "a an the our their its this that these those new old more better proper some additional extra appropriate " +
    "adequate sufficient enough relevant affected critical key important main all any every various several " +
    "similar such like other future existing current basic general overall robust reliable good managed modern " +
    "standard automated automatic manual full complete comprehensive real proactive around for to in on of at " +
    "with from into across about by and or up set it them we us each both as so where needed when possible " +
    "incident-response response incident post-mortem postmortem legacy right wrong wider whole entire scratch " +
    "another next time faster sooner using"
  ).split(" "),
);
const COUNTS = /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|dozen)$/;
/** Verbs that move or switch something: specific only with what moves ("Move to Kubernetes" moves nothing named). */
const MOVE_VERBS = new Set(["move", "migrate", "switch", "port", "transition", "upgrade"]);

/**
 * The generic deliverable an item names, or null when it names a particular one. `tokens` are the item's words
 * (punctuation dropped), the first being its verb; `signals` is the item's count of precise marks (identifiers,
 * numbers, paths, names).
 */
export function genericDeliverable(tokens: readonly Token[], signals: number): string | null {
  const verb = tokens[0]?.lower ?? "";
  let from = 1;
  if (tokens[1]?.lower === "up" && (verb === "set" || verb === "spin" || verb === "stand")) from = 2;
  // "Move to Kubernetes", "Migrate to a managed database": a destination and nothing that moves
  if (MOVE_VERBS.has(verb) && tokens[from]?.lower === "to") {
    return signals >= 2
      ? null
      : tokens
          .slice(from)
          .map((t) => t.text)
          .join(" ");
  }
  // the object's head: the last word before a preposition, a relative or a participle
  let head = -1;
  for (let k = from; k < tokens.length; k++) {
    const w = tokens[k]?.lower ?? "";
    if (
      k > from &&
      /^(?:for|to|on|in|around|of|at|across|into|with|from|by|that|which|so|when|where|covering)$/.test(w)
    )
      break;
    if (/ing$/.test(w) && k > from && !GENERIC_DELIVERABLES.has(w)) break;
    head = k;
  }
  const headWord = tokens[head]?.lower.replace(/['’]s$/, "") ?? "";
  if (head < 0 || !(GENERIC_DELIVERABLES.has(headWord) || GENERIC_PLACES.has(headWord))) return null;
  if (signals >= 2) return null;
  // "Add more monitoring to the payments service": more of a kind is a comparative without a target
  for (let k = from; k < head; k++) {
    // "Buy two more nodes" counts them
    if (/^(?:more|better)$/.test(tokens[k]?.lower ?? "") && !COUNTS.test(tokens[k - 1]?.lower ?? ""))
      return `${tokens[k]?.text} ${tokens[head]?.text}`;
  }
  // a particular target anywhere else: a content word that is neither generic nor a qualifier
  for (let k = from; k < tokens.length; k++) {
    if (k === head) continue;
    const t = tokens[k];
    if (!t) continue;
    const w = t.lower.replace(/['’]s$/, "");
    if (!/^[a-z][a-z-]*$/.test(w)) return null;
    if (VAGUE_WORDS.has(w) || GENERIC_PLACES.has(w) || GENERIC_DELIVERABLES.has(w)) continue;
    return null;
  }
  return tokens
    .slice(from, head + 1)
    .map((t) => t.text)
    .join(" ");
}
