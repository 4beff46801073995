/**
 * The positive half of the vague-item rule. An item is specific when it names the thing to change, the place, and how
 * done is checked; an item in which no vague word or construction is found is not yet shown specific. "Add a timeout
 * to the upstream calls", "Fix the retry logic in the client", "Add the new hosts to the inventory" hold no vague
 * keyword, yet every system has upstream calls, a client and hosts: nothing says which. An item is anchored when it
 * holds a precise mark (an identifier, a number, a path, a quoted message, a proper noun), a check of done ("... when
 * lag exceeds ...", "... until ...", "... so that ..."), or a word that picks out this system's part rather than a
 * part every system has ("the orders table", "the recommendations client", "the image culler").
 * @module
 */
import { isItemVerb, WEAK_VERBS } from "./action-item-verbs.js";
import { GENERIC_DELIVERABLES, GENERIC_PLACES, VAGUE_WORDS } from "./generic-deliverable.js";
import type { Token } from "./tokenize.js";

/**
 * Parts and stuff every system has: naming one of them does not say which. Kinds of cloud resource (bucket,
 * replica, snapshot, topic, certificate, branch) are left out: they name a concrete resource and a concrete change.
 */
const GENERIC_PARTS = new Set(
  (
    "client clients logic code path paths loader config configuration configs settings setting defaults default " +
    "data queue queues host hosts machine machines box boxes job jobs cron crons script scripts library libraries " +
    "dependency dependencies call calls request requests inventory ticket tickets work task tasks item items step " +
    "steps owner owners ownership group groups limit limits rollback rollbacks paging page pages flag findings " +
    "launch launches version versions module modules function functions file files table tables record records " +
    "field fields account accounts tenant tenants resource resources instance instances container containers image " +
    "images setup setups parameter parameters value values option options rule rules handling handler handlers " +
    "behaviour behavior input inputs output outputs message messages traffic storage network networking access " +
    "permissions permission credentials secrets keys config-files wiki readme docs page note notes list lists " +
    "details info information status state metrics worker workers feature-flag switch toggle toggles " +
    // the components and artefacts of any web system
    "webhook webhooks migration migrations upload uploads download downloads panel panels console portal ui " +
    "frontend backend gateway proxy proxies balancer balancers load-balancer pooler connection connections " +
    "variable variables rollout rollouts renewal renewals handover handovers channel channels index indexes " +
    "indices cache caches session sessions person persons reviewer reviewers approver approvers approval " +
    "approvals admin admins batch web certificate certificates schema schemas event events " +
    // ways of working as modifiers: "an incident communication template"
    "process culture mindset awareness communication strategy approach framework mechanism alignment conversation " +
    "discussion meeting expectations " +
    // adjectives of state or use, ordinals: which one is still open
    "second third fourth another slow fast broken failing flaky noisy busy hot cold noisy heavy light newer older " +
    "monolith consumer consumers producer producers subscriber subscribers pool pools response responses point " +
    "recovery spike spikes surge scheduler schedulers provider providers " +
    "single longer shorter guide guides handbook tool tools utility utilities region regions zone zones package " +
    "packages form forms screen screens view views autoscaling autoscaler front side hardcoded hard-coded outdated " +
    "obsolete stale leftover " +
    "wider shared old previous last latest first follow-up follow-ups somewhere everywhere anywhere later"
  ).split(" "),
);
/** Technologies and acronyms every system has: "the DNS provider", "the API", "the CI". */
const GENERIC_TECH = new Set(
  "dns ci cd api apis tls ssl http https cpu cpus db sql vm vms ui cdn vpn ip tcp udp ssh os json yaml".split(" "),
);
/** Words that carry no object: pronouns, auxiliaries, common verbs inside a relative clause. */
const FUNCTION_WORDS = new Set(
  (
    "we they i you he she me my it its our their your us them can could be been being is are was were will would should " +
    "must may might do does did done took take taken get got make made have has had not no than then there here " +
    "what which who how why whether once also just only very still even " +
    // particles and prepositions: where or when, not what
    "down out off over back away onto upon before after during between within without under across against along " +
    "behind beyond near since through toward towards via per"
  ).split(" "),
);
/** Hyphenated words of ordinary prose, not identifiers. */
const PROSE_HYPHEN =
  /^(?:follow-ups?|on-?call|end-to-end|third-party|long-term|short-term|real-time|built-in|opt-in|opt-out|self-serve|self-service|up-to-date|day-to-day|one-off|post-mortems?|re-[a-z]+|co-[a-z]+|non-[a-z]+|pre-[a-z]+|well-[a-z]+|high-[a-z]+|low-[a-z]+|user-facing|customer-facing|read-only|write-only|rate-limit(?:ing)?|health-checks?|feature-flags?|clean-?up)$/;
/**
 * A setting that only means something with its value, added or set without one: "Add a size limit to uploads", "Set
 * a budget alert on the cloud account", "Add a retry to the webhook". "Cap retries at 3", "a 2 s timeout" and
 * "retries with exponential backoff" state it.
 */
const VALUELESS_SETTING =
  /^(?:add|set|put|introduce|configure|define|apply|enforce|impose|create)\s+(?:(?:a|an|the|some)\s+)?(?:[a-z-]+\s+)?(timeouts?|limits?|rate[- ]limit(?:ing|s)?|retry|retries|budget(?:\s+alerts?)?|thresholds?|quotas?|ttls?|caps?|retention(?:\s+period)?|intervals?|deadlines?|max(?:imum)?)\b/i;
/** Words that state the setting's value or its behaviour. */
const SETTING_VALUE =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|double|half)\b|\b(?:with|of|at|to match|matching|equal to)\s+(?!the\b|a\b|an\b)[a-z]/i;

/** The setting an item adds or sets without its value, or null. */
export function valuelessSetting(text: string): string | null {
  const m = VALUELESS_SETTING.exec(text);
  if (!m || SETTING_VALUE.test(text)) return null;
  return m[0];
}

/** A check of done stated with the change: a condition, a bound, a purpose that can be observed. */
const DONE_CHECK = /\b(?:when|whenever|if|unless|until|so that|exceeds?|above|below|fails?|rejects?|expects?)\b/i;

function isVerbForm(word: string): boolean {
  if (isItemVerb(word) || WEAK_VERBS.has(word)) return true;
  for (const base of [word.replace(/(?:ed|es|s|ing)$/, ""), word.replace(/(?:d|s)$/, "")]) {
    if (base !== word && base.length >= 3 && (isItemVerb(base) || WEAK_VERBS.has(base))) return true;
  }
  return false;
}

/** A counted amount is a value: "Buy two more nodes", "Require two approvals". */
const COUNT = /\b(?:two|three|four|five|six|seven|eight|nine|ten|twice|double|half|dozen)\b/i;
/** Verbs that bring something new into being or into effect: their indefinite object is a kind of deliverable. */
const CREATE_VERBS = new Set(
  (
    "add enable introduce implement create build write set put install configure establish turn deploy provision " +
    "adopt define develop"
  ).split(" "),
);
/** Where a new deliverable's words end: a preposition, a relative or a participle leads to its place or subject. */
const NP_END =
  /^(?:to|for|on|in|around|across|into|at|of|with|from|by|that|which|who|covering|showing|between|before|after|per|so|when|where|and|or)$/;

/**
 * The index of the first word after a new deliverable named by its kind ("Add a fallback for ...", "Enable
 * autoscaling for ...", "Add a kill switch for ..."): such a deliverable is particular only through its place or
 * subject. A definite object ("Add the orders table to ...", "Enable the search indexer's ...") names a thing that
 * exists, and is read from the verb on (returns 1).
 */
function newDeliverableEnd(tokens: readonly Token[]): number {
  if (!CREATE_VERBS.has(tokens[0]?.lower ?? "")) return 1;
  let k = 1;
  if (/^(?:up|on|in|out|down)$/.test(tokens[k]?.lower ?? "")) k++;
  const det = tokens[k]?.lower ?? "";
  if (/^(?:the|this|that|these|those|our|its|their|your|my)$/.test(det) || /['’]s$/.test(tokens[k + 1]?.lower ?? ""))
    return 1;
  if (/^(?:a|an|some|new)$/.test(det)) k++;
  const start = k;
  while (k < tokens.length && !NP_END.test(tokens[k]?.lower ?? "")) k++;
  if (k <= start) return 1;
  // a new deliverable with nothing after it ("Add a liveness probe") has neither place nor subject
  return k;
}

/** A gate scoped to a kind of change: "a presubmit check for schema changes". */
const SCOPED_GATE =
  /\b(?:checks?|gates?|tests?|lint(?:er)?s?|reviews?|approvals?|alerts?)\b[^.;]{0,30}?\b(?:for|on|of) (?:all |every |each |any )?[\w-]+ (?:changes|migrations|prs|pull requests|commits|deploys|deployments|releases|merges)\b/i;

/**
 * Whether an item that shows no vague wording also shows what it changes and how done is checked. `tokens` are the
 * item's words (punctuation dropped), the first being its verb; `signals` its count of precise marks.
 */
export function anchoredItem(text: string, tokens: readonly Token[], signals: number): boolean {
  if (signals >= 2) return true;
  // precise marks: a digit, code, a quoted message, a path or dotted name, an identifier with _ or an inner capital
  if (/\d|`|["“”]|'[^']{2,}'|[\w-]+\/[\w./-]+|\b\w+\.\w{2,}\b|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*/.test(text)) return true;
  if (DONE_CHECK.test(text) || COUNT.test(text)) return true;
  // a gate scoped to a kind of change ("a presubmit check for schema changes"): which changes it stops is named
  if (SCOPED_GATE.test(text)) return true;
  // a flag or option by name ("a --dry-run flag")
  if (/(?:^|\s)--?[a-z]/.test(text)) return true;
  const skip = newDeliverableEnd(tokens);
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    if (!t) continue;
    const w = t.lower.replace(/['’]s$/, "");
    // a proper noun or an acronym after the verb ("in Vault", "PITR", "the Kafka brokers", "a Grafana dashboard");
    // a technology every system has ("a secondary DNS provider", "the CI") is a kind, not a name
    if ((t.capitalised || /^[A-Z]{2,}/.test(t.text)) && !GENERIC_TECH.has(w)) return true;
    if (k < skip) {
      // a new deliverable's kind words name no particular one; an identifier among them does
      if (w.includes("-") && !PROSE_HYPHEN.test(w) && !GENERIC_PARTS.has(w)) return true;
      continue;
    }
    // "the steps we took to recover": a clause about the team's own past, not a named part
    if (/^(?:we|they|you|i|people)$/.test(w)) break;
    if (w.includes("-") && !PROSE_HYPHEN.test(w) && !GENERIC_PARTS.has(w)) return true;
    if (!/^[a-z][a-z-]*$/.test(w) || w.length < 2) continue;
    if (VAGUE_WORDS.has(w) || GENERIC_PLACES.has(w) || GENERIC_DELIVERABLES.has(w) || GENERIC_PARTS.has(w)) continue;
    if (FUNCTION_WORDS.has(w) || isVerbForm(w)) continue;
    return true;
  }
  return false;
}
