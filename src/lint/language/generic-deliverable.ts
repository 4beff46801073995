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
export const GENERIC_DELIVERABLES = new Set(
  (
    "alert alerts alerting alarm alarms monitoring monitor monitors logging logs log metrics metric dashboard " +
    "dashboards test tests testing check checks validation validations retries retry redundancy runbook runbooks " +
    "playbook playbooks plan plans template templates documentation docs doc slo slos sli slis guardrail guardrails " +
    "guard-rails safeguard safeguards automation observability tracing traces breaker breakers limiting limits " +
    "flags backups backup capacity failover response procedure procedures policy policies checklist checklists " +
    "reviews process processes training visibility resilience tooling instrumentation telemetry coverage " +
    "notifications notification escalation escalations safety timeouts timeout chaos engineering health on-call oncall learnings lessons findings knowledge insights sre sres engineer " +
    "engineers person headcount staff capability capabilities feature features support ability drill drills " +
    "exercise exercises tabletop day days postmortem postmortems post-mortem post-mortems retro retrospective"
  ).split(" "),
);
/** Places and objects that name no particular one. */
export const GENERIC_PLACES = new Set(
  (
    "cluster clusters service services system systems deployment deployments deploy deploys process processes " +
    "failure failures incident incidents issue issues problem problems prod production infrastructure infra " +
    "platform app apps application applications codebase code team teams everything things thing stuff " +
    "environment environments env envs server servers node nodes database databases db dbs future case cases " +
    "situation outage outages change changes release releases tool tools pipeline pipelines repo repos repository " +
    "project projects component components stack area areas part parts side way ways one ones level place " +
    "places usage load api apis endpoint endpoints kubernetes cloud provider vendor engineers people users customers " +
    "bug bugs error errors near-miss near-misses workload workloads org organisation organization company " +
    "department engineering"
  ).split(" "),
);
/** Words that qualify without pinning anything down. */
export const VAGUE_WORDS = new Set(
  (
    "a an the our their its this that these those new old more better proper some additional extra appropriate " +
    "adequate sufficient enough relevant affected critical key important main all any every various several " +
    "similar such like other future existing current basic general overall robust reliable good managed modern " +
    "standard automated automatic manual full complete comprehensive real proactive around for to in on of at " +
    "with from into across about by and or up set it them we us each both as so where needed when possible " +
    "incident-response response incident post-mortem postmortem legacy right wrong wider whole entire scratch " +
    "another next time faster sooner using " +
    // class words: a kind of situation or system, not a particular one ("regional outages", "core services")
    "core key major minor common typical potential possible regional global local external internal upstream " +
    "downstream third-party customer-facing user-facing technical operational large small big high-risk risky " +
    "complex unexpected unplanned emergency cascading partial widespread class classes kind kinds type types sort " +
    "category categories " +
    // purposes: what the deliverable is for, not what it is ("safeguards to prevent this class of bug")
    "prevent avoid catch detect help ensure stop reduce recurrence recurring happening happen again " +
    // kinds of a deliverable: "regression tests", "load shedding", "a game day" are kinds, not particular ones
    "regression unit integration load smoke end-to-end e2e chaos stress performance synthetic canary fuzz security " +
    "shedding game doing making having well"
  ).split(" "),
);
const COUNTS = /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|dozen)$/;
/** Verbs that move or switch something: specific only with what moves ("Move to Kubernetes" moves nothing named). */
const MOVE_VERBS = new Set(["move", "migrate", "switch", "port", "transition", "upgrade"]);
/**
 * Deliverables that observe, verify or explain something: they need a subject (what is watched, tested or
 * described: "an alert for replica lag", "logging of failed refreshes"); a place alone ("Add monitoring in Datadog",
 * "Add tests to the CI pipeline", "Add logging to the API gateway") says where, not what.
 */
const NEEDS_SUBJECT = new Set(
  (
    "alert alerts alerting alarm alarms monitoring monitor monitors logging logs metrics dashboard dashboards test " +
    "tests testing check checks tracing telemetry instrumentation observability coverage notifications " +
    "documentation docs runbook runbooks playbook playbooks"
  ).split(" "),
);
/** Prepositions that introduce where a deliverable goes, and those that introduce what it is about. */
const PLACE_PREPOSITION = /^(?:in|into|to|at|within|inside|across)$/;
const SUBJECT_PREPOSITION = /^(?:for|on|of|about|covering|around|when|whenever|if|that|which|where)$/;
/** What a purpose clause starts with: "to ensure ...", "so that ...": what the deliverable is for, not what it is. */
const PURPOSE = /^(?:ensure|make|prevent|avoid|catch|detect|help|guarantee|reduce|stop|improve)$/;

/**
 * The generic deliverable an item names, or null when it names a particular one. `tokens` are the item's words
 * (punctuation dropped), the first being its verb; `signals` is the item's count of precise marks (identifiers,
 * numbers, paths, names).
 */
export function genericDeliverable(tokens: readonly Token[], signals: number): string | null {
  const verb = tokens[0]?.lower ?? "";
  let from = 1;
  // a particle belongs to the verb: "Set up", "Level up", "Put in", "Roll out"
  if (/^(?:up|in|out|down|together)$/.test(tokens[1]?.lower ?? "")) from = 2;
  // "Move to Kubernetes", "Migrate to a managed database": a destination and nothing that moves; "Move off the old
  // cluster": an origin and no destination
  if (MOVE_VERBS.has(verb) && /^(?:to|off|away)$/.test(tokens[from]?.lower ?? "")) {
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
  // a particular target anywhere else, before any purpose clause: a content word that is neither generic nor a
  // qualifier ("Build regression tests to ensure servers respond sanely" pins nothing down before "to ensure")
  let end = tokens.length;
  for (let k = head + 1; k < tokens.length - 1; k++) {
    const w = tokens[k]?.lower ?? "";
    const next = tokens[k + 1]?.lower ?? "";
    if ((w === "to" && PURPOSE.test(next)) || (w === "so" && next === "that") || (w === "in" && next === "order")) {
      end = k;
      break;
    }
  }
  const placeOnly = NEEDS_SUBJECT.has(headWord);
  let inPlace = false;
  for (let k = from; k < end; k++) {
    if (k === head) continue;
    const lw = tokens[k]?.lower ?? "";
    // "to" before a verb is an infinitive ("... runbook to include the DNS cutover step"), not a place
    const infinitive =
      lw === "to" &&
      !/^(?:the|a|an|our|its|their|this|that|each|every|all|any)$/.test(tokens[k + 1]?.lower ?? "") &&
      !tokens[k + 1]?.capitalised;
    if (k > head && PLACE_PREPOSITION.test(lw) && !infinitive) inPlace = placeOnly;
    else if (k > head && (SUBJECT_PREPOSITION.test(lw) || infinitive)) inPlace = false;
    if (inPlace) continue;
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
