import {
  COMPARATIVE_VERBS,
  CONCRETE_VERBS,
  DO_VERBS,
  isItemVerb,
  isOpenVerb,
  NOT_VERBS,
  OPEN_VERBS,
  RESHAPE_VERBS,
  WEAK_VERBS,
} from "./action-item-verbs.js";
import { genericDeliverable } from "./generic-deliverable.js";
import { itemFrame } from "./item-framing.js";
import { anchoredItem, valuelessSetting } from "./item-specificity.js";
import { BranchedPattern } from "./split-alternation.js";
import { tokenize } from "./tokenize.js";

/** Why an action item reads as vague; `null` when it reads as specific. */
export type VagueReason =
  | "open-ended-verb"
  | "comparative-without-target"
  | "vigilance"
  | "vague-scope"
  | "not-an-action"
  | "too-short"
  | "unanchored";

/** The verdict on one action item's text. */
export interface ActionItemVerdict {
  vague: boolean;
  reason: VagueReason | null;
  /** The word or phrase that made it vague. */
  trigger: string | null;
  /** One line on what specific would look like. */
  hint: string;
}

/**
 * A comparative of manner or quality with nothing to measure it by: "recover more easily", "less error-prone",
 * "more closely". "More than 2 minutes" and "two more nodes" are amounts, not comparatives.
 */
const COMPARATIVE_MANNER =
  /\b(?:more|less)\s+(?!than\b)(?:[a-z]+ly|[a-z]+(?:ble|ive|ful|ous|ent|ant|ic)|often|robust|secure|stable|error-prone|clear|safe|easy|quick|fast|strict|thorough|frequent|closely|carefully)\b|\b(?:easier|faster|quicker|safer|simpler|smoother|sooner|clearer)\b(?! than)/i;
/** The result a reshaping verb aims at: "to use one backoff helper", "into one page per alert", "on JSON lines". */
const RESHAPE_RESULT =
  /\b(?:to (?!be\b|make\b|improve\b|ensure\b)[a-z]+|into|so that|by [a-z]+ing|using|via|on)\s+\S|:\s*\S/i;
/** "more" or "some" before a plural, with no count before it ("two more nodes" counts them). */
const UNCOUNTED =
  /(?<!\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|few)\s)\b(?:more|some)\s+(?!than\b|of\b)(?:[a-z-]+\s+)?[a-z-]+s\b/i;
/** The noun of an open verb after a light verb: "a broader review of", "an analysis of". */
const OPEN_NOUN =
  /^\s+(?:out\s+)?(?:a|an|the|some|another)?\s*(?:[\w-]+\s+)?(?:review|audit|assessment|analysis|investigation|evaluation|study|exploration|deep[- ]dive|examination|research|retrospective|retro)\b/i;
const VIGILANCE =
  /\b(be (?:more |extra |very )?(?:careful|vigilant|diligent|attentive|cautious|aware|mindful|wary|alert|conscious|on the lookout|on guard)|(?:stay|remain) (?:alert|vigilant|aware)|watch out|look out for|keep (?:in mind|an eye)|take (?:more |extra )?care|pay (?:more |closer )?attention|double[- ]check|remind\b|make sure|remember to|ensure (?:that )?(?:engineers|people|everyone|developers|the team|operators)|follow the runbook)/gi;
/**
 * A purpose clause that states what the change guarantees ("Revisit the rotation to make sure everyone on it has
 * production access") describes a system property, not a plea for vigilance; "Make sure backups work" is one.
 */
const PURPOSE_STATE = /^\s+(?:that\s+)?(?:[\w'-]+\s+){1,4}?(?:has|have|is|are|can|gets?|holds?)\b/i;

/**
 * "Make sure the backup job exits non-zero when pg_dump fails": a property of a named thing, not a plea to people
 * ("Make sure everyone reads the runbook", "Make sure backups work" name no particular thing).
 */
const THING_SUBJECT =
  /^\s+(?:that\s+)?(?:the|a|an|all|each|every|our|its)\s+(?!(?:team|teams|engineers?|people|on-?calls?|operators?|developers?|staff|reviewers?|responders?|owners?|users?)\b)[\w-]+/i;

function vigilanceIn(text: string, signals: () => number): string | null {
  VIGILANCE.lastIndex = 0;
  for (let m = VIGILANCE.exec(text); m; m = VIGILANCE.exec(text)) {
    const after = text.slice(m.index + m[0].length);
    const makeSure = m[0].toLowerCase() === "make sure";
    const purpose = makeSure && /\bto\s+$/i.test(text.slice(0, m.index)) && PURPOSE_STATE.test(after);
    const property = makeSure && THING_SUBJECT.test(after) && signals() >= 2;
    if (!purpose && !property) return m[0];
  }
  return null;
}

const COMPARATIVE_WORDS =
  /\b(more|better|safer|clearer|faster|easier|stronger|smarter|quicker|simpler|less|fewer|reliable|robust|resilient|actionable|visible)\b/i;
const VAGUE_SCOPE =
  /\b(the (?:issue|problem|root cause|incident|situation|things?)|all services|everything|things|similar (?:issues|incidents|problems)|(?:this|it) never happens again|technical debt|toil|reliability|resilience|observability|processes)\b/i;
/**
 * A deliverable that follows the open work ("... and record the answer in OPS-412", "...; file the cause in
 * INFRA-231", "by capturing ... and attaching ..."). The same verb as the thing looked into ("Investigate adding a
 * circuit breaker", "Figure out whether to remove ...") bounds nothing: it is the open question.
 */
const DELIVERABLE =
  /(?:\band|\bthen|[;,:]|\bby)\s+(?:then\s+)?(?:also\s+)?(?:record|writ|document|fil|report|publish|decid|summari[sz]|post|add|open|creat|fix|attach|remov|replac|patch|deploy|ship|merg|captur|send|upload|link|rais|lower|set|enabl|disabl)(?:e|es|ed|ing|s|d)?\b/i;
// Words that leave the scope or the end open whatever the verb: "where needed", "appropriate", "regularly"
const OPEN_QUALIFIER =
  /\b(where (?:needed|necessary|appropriate|possible)|as (?:needed|necessary|appropriate)|if (?:needed|necessary|possible)|when possible|appropriate|some love|some time|somehow|(?<![/\w])etc\b\.?|and so on|the entire|smoother|more robust|better|properly|the issues found|various|relevant|proper|guard ?rails around|regularly|periodically|regular|periodic|ongoing|from time to time|some (?:kind|sort|form) of|(?:a|some|any) (?:way|means) (?:to|of)|best practices|early(?! (?:than|by|as))|earlier(?! than))\b/i;
// Timing that is no date ("ASAP", "Q3", "going forward"): it leaves the end open, but says nothing about what is
// done, so it makes an item vague only when the work itself pins little down (the deadline rule judges the date)
const OPEN_TIMING =
  /\b(going forward|moving forward|in the future|at some point|eventually|asap|as soon as possible|tbd|tbc|q[1-4]|h[12]|next (?:quarter|sprint|half|year)|soon|when (?:we have|there is) (?:time|capacity|bandwidth)|as time permits|over time|in the coming (?:days|weeks|months)|long[- ]term|short[- ]term|someday|at a later (?:date|stage)|(?:this|next) (?:month|year)|next time)\b/i;
// An owner that is nobody in particular, or an item that is a statement of ownership or a deferral
const NO_OWNER_SUBJECT =
  /^(?:everyone|everybody|someone|somebody|all (?:engineers|developers|staff)|the team|we all|people)\b|^[\w-]+(?: from [\w-]+)? to (?:own|handle|look|take|drive)\b|^(?:should|must|could|would|will) be\b|^[\w\s-]{1,40}(?:issue|problem|topic):\s*https?:\/\//i;

const HINT =
  'Name a deliverable, its scope and how you will know it is done, e.g. "Add metric X to dashboard Y" or "Alert when Z exceeds N for 10 minutes" (with an owner and a date).';

const REASON_HINTS: Record<VagueReason, string> = {
  "open-ended-verb":
    'Turn it into a question with an answer to deliver ("Find why X happened and record the answer in TICKET-1") or name the fix itself.',
  "comparative-without-target": 'Give a measurable target ("Reduce p99 of /search to under 300 ms").',
  vigilance: 'Replace vigilance with a guard-rail ("Add a presubmit check that ...", "Automate ...").',
  "vague-scope": "Name exactly what will change (which service, alert, dashboard, script).",
  "not-an-action": "Start with a verb that produces something (Add, Alert when, Automate, Remove, Limit).",
  "too-short": "Say what will exist when the item is done.",
  unanchored:
    'Say which one and how done is checked: name the service, table, job or alert ("the orders-db replicas", "the billing cron") and a value or condition ("timeout of 2 s", "alert when lag exceeds 30 s").',
};

/** Marks that a phrase names something precise: an identifier, a number, a path or a proper noun. */
function specificitySignals(text: string): number {
  let score = 0;
  if (/`[^`]+`/.test(text)) score += 2;
  if (/\d/.test(text)) score += 1;
  if (
    /\b\d+(?:\.\d+)?\s?(?:%|ms|s|m|h|d|min|mins|minutes|seconds|hours|days|weeks|gb|mb|tb|gib|mib|rps|qps)\b/i.test(
      text,
    )
  )
    score += 1;
  if (/[\w-]+\/[\w./-]+|\b[\w-]+\.[a-z]{2,4}\b|\b\w+_\w+\b|\b[a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*\b/.test(text)) score += 1;
  if (/\b[A-Z]{2,}-\d+\b|#\d+|https?:\/\//.test(text)) score += 2;
  // a capitalised word after the first (a product, service or dashboard name)
  const words = text.split(/\s+/).slice(1);
  if (words.some((w) => /^[A-Z][\w-]*[a-z][\w-]*/.test(w) || /^[A-Z]{2,}/.test(w))) score += 1;
  if (/\b(when|if|whenever|above|below|exceeds?|under|within|before|after|per|every)\b/i.test(text)) score += 1;
  return score;
}

const RESULT_BEHAVIOUR =
  /\b(?:so (?:that )?(?:the|it|each|every|a|an|[\w-]+s?)\b[^,;.]{0,40}?\b(?:names?|shows?|lists?|includes?|prints?|returns?|rejects?|refuses?|fails?|blocks?|pages?|alerts?|logs?|records?|pastes?|attaches?|runs?|requires?|links?|states?)|to (?:name|show|list|include|print|return|reject|refuse|fail|block|page|log|record|link|state) (?:the|each|every|which|a|an|its)\b)/i;

function hasTarget(text: string): boolean {
  return (
    /\b(?:to|under|below|above|less than|more than|at most|at least|from)\s+(?:<\s*)?\d/i.test(text) ||
    /\d+(?:\.\d+)?\s?(?:%|ms|s\b|gb|mb|tb)/i.test(text) ||
    /\bby (?:adding|deleting|removing|replacing|moving|splitting|caching|indexing|enabling|disabling|sharding)\b/i.test(
      text,
    ) ||
    // "Improve the error message to name the file and line", "... so the reviewer pastes each regex into the analyser
    // and attaches its report to the ticket": the result is a behaviour someone can check, not "better"
    (RESULT_BEHAVIOUR.test(text) && specificitySignals(text) >= 1)
  );
}

/**
 * Classify an action item's text as vague or specific, following the practice notes: actionable (a verb that
 * produces something), specific (a named scope), bounded (you can tell when it is done), system over vigilance.
 */
/**
 * "We should add ...", "The team needs to ...", "Let's ...": a wish with its subject; the rest is the action to judge.
 * The subject names nobody who owns the work, so the remainder is classified as if it were the item.
 */
const WISH_PREFIX =
  /^\s*(?:(?:we|i|the team|our team|you|they)\s+(?:really\s+)?(?:should|must|need to|needs to|have to|has to|will|could|might|ought to|want to)|let['’]?s)\s+(?:(?:also|probably|definitely|try to|start to|start)\s+)?/i;
/** Objects that name a way of working rather than a thing that will exist: "a process", "a culture of testing". */
const HEDGE =
  /^\s*(?:possibly|maybe|perhaps|potentially|ideally|hopefully|it (?:would|might) be (?:nice|good|great|useful|helpful|worth)|(?:would be )?nice to have|if possible|if time permits)\b/i;
/** A statement of work under way by the writers, in place of an action: "We are working to ...", "We're remediating ...". */
const PROGRESS =
  /^\s*(?:we|we['’]re|we['’]ve|we['’]ll|the team|our teams?)\s+(?:(?:are|is|have|has|had|will)\s+)?(?:been\s+|be\s+|now\s+|also\s+|already\s+|actively\s+|(?:begun|started|beginning|starting)\s+){0,3}(?:continu\w*|working (?:to|on|towards?)|accelerat\w*|remediat\w*|invest\w*|committed to|focus\w* on|exploring|evaluating|prioriti[sz]\w*|making progress|in the process of|taking steps|assessing|stepping up|doubling down|redoubl\w*|making (?:several |some |many |a number of |a series of |further )?(?:changes|improvements)|reviewing|auditing|examining|improving|strengthening|enhancing|hardening|investigating|looking (?:into|at))\b/i;
/** The check that enforces a guarantee ("..., checked by a pre-migration hook", "enforced in CI"). */
const ENFORCED = /\b(?:checked|enforced|verified|tested|validated|guaranteed|blocked|rejected) (?:by|in|with|via)\b/i;
/** Items that are a conversation or a session with people rather than a change. */
const TALK =
  /^\s*(?:check in|touch base|catch up|reach out|get in touch|sync up|circle back|follow up)\b|^\s*(?:provide|give|offer|run|hold|organi[sz]e|schedule|arrange|host|set up)\s+(?:a |an |some |more |regular |further |additional )?(?:[\w-]+\s+)?(?:training|trainings|sessions?|workshops?|talks?|meetings?|discussions?|syncs?|retros?|retrospectives?|brown-?bags?|lunch-and-learns?|conversations?|follow-?ups?|calls?)\b/i;
/** The means an open verb works through: "with a blackbox exporter probe", "via the builder's maxParallel". */
const MECHANISM = /\b(?:with|via|using|through)\s+(?:a|an|the)\s+(?!(?:team|teams|vendor|people|engineers?)\b)[\w-]+/i;
/** A step tied to every occurrence of an event. */
const RECURRING =
  /\b(?:before|after|within|on) (?:each|every|any)\b|\bevery (?:\d+ )?(?:day|week|month|night|monday|tuesday|wednesday|thursday|friday|release|deploy)/i;
/** A way of working as the object: "Rework how we do database migrations", "Change the way teams deploy". */
const WAY_OF_WORKING = /^\s*(?:\S+\s+){0,2}?(?:how|the ways?) (?:we|the team|teams|engineers|people|our|they|you)\b/i;
const ABSTRACT_OBJECT =
  /^\s*(?:\S+\s+){0,2}?(?:a|an|the|our|better|more|clearer|some|clear|new|formal|proper)\s+(?:[\w-]+\s+)?(?:process|processes|culture|mindset|awareness|communication|strategy|approach|framework|mechanism|visibility|ownership|accountability|discipline|alignment|conversation|discussion|chat|meeting|talk|call|session|expectations?)\b(?!\s+(?!(?:for|of|to|around|with|between|on|in|about|across|that|so|when|and|or|is|are)\b)[a-z][\w-]*\b)/i;

// tried branch by branch where a branch's own words are (split-alternation.ts): compiling it whole cost 12-30 ms
const ABSTRACT_OBJECT_BRANCHES = new BranchedPattern(ABSTRACT_OBJECT);

export function classifyActionItem(raw: string): ActionItemVerdict {
  const wish = WISH_PREFIX.exec(raw);
  if (wish && raw.length - wish[0].length > 3) {
    const rest = classifyActionItem(raw.slice(wish[0].length));
    // a wish without a deliverable stays vague, with or without its subject
    if (rest.vague) return rest;
  }
  const text = raw
    .replace(/<[^>]+>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(?:[-*+]|\d+[.)]|\[[ xX]\])\s*/, "")
    .replace(/[*_~]/g, "")
    .trim();
  const verdict = (reason: VagueReason | null, trigger: string | null): ActionItemVerdict => ({
    vague: reason !== null,
    reason,
    trigger,
    hint: reason ? `${REASON_HINTS[reason]} ${HINT}` : HINT,
  });
  // "We are working to move to multiple zones", "We have accelerated efforts to ...": a report of work under way,
  // with nothing to deliver or check, unless the rest pins it down
  const progress = PROGRESS.exec(text);
  if (progress && specificitySignals(text) < 3) return verdict("not-an-action", progress[0].trim());
  // "ASAP: revoke ...", "In Q3, move ...", "Team to follow up ...": judge the work, then the frame's vague word
  const frame = itemFrame(text, isItemVerb);
  if (frame.work !== text && frame.work.trim().length > 3) {
    const rest = classifyActionItem(frame.work);
    if (rest.vague || !frame.vagueCue || specificitySignals(text) >= 2) return rest;
    return verdict("vague-scope", frame.vagueCue);
  }
  const tokens = tokenize(text).filter((t) => !t.punct);
  const first = tokens[0];
  if (!first) return verdict("not-an-action", text);
  const verb = first.lower;
  const second = tokens[1]?.lower ?? "";
  // several regular expressions, and most items are decided without them: computed on first use
  let signalsMemo = -1;
  const signals = (): number => (signalsMemo >= 0 ? signalsMemo : (signalsMemo = specificitySignals(text)));
  const words = tokens.length;

  // "Possibly move to a managed service", "It would be nice to have a staging environment": a wish, not a commitment
  const hedge = HEDGE.exec(text);
  if (hedge && signals() < 3) return verdict("not-an-action", hedge[0].trim());
  const vig = vigilanceIn(text, signals);
  if (vig) return verdict("vigilance", vig);
  // "Everyone on the payments rotation completes the drill by 2025-06-01 (ONCALL-40)" bounds its "everyone"
  const noOwner = NO_OWNER_SUBJECT.exec(text);
  if (noOwner && (!/^(?:every|some|all)/i.test(noOwner[0]) || signals() < 3))
    return verdict("not-an-action", noOwner[0].trim());
  if (text.trimEnd().endsWith("?")) return verdict("not-an-action", text);
  if (NOT_VERBS.has(verb)) return verdict("not-an-action", first.text);
  // an open qualifier is vague unless the item otherwise pins down what, where and how it is checked
  const qualifier = OPEN_QUALIFIER.exec(text);
  if (qualifier && signals() < 3) return verdict("vague-scope", qualifier[0]);
  const timing = OPEN_TIMING.exec(text);
  if (timing && signals() < 2) return verdict("vague-scope", timing[0]);

  // "Ensure the migration runner takes a snapshot before each migration, checked by a pre-migration hook": a guarantee
  // with the check that enforces it
  if ((verb === "ensure" || (verb === "make" && second === "sure")) && ENFORCED.test(text) && signals() >= 1)
    return verdict(null, null);
  // "Check in with the vendor", "Reach out to support", "Touch base with the DBA team": a conversation, not a change
  const talk = TALK.exec(text);
  if (talk && signals() < 2) return verdict("open-ended-verb", talk[0]);
  // "cap connection pool, alert on pool saturation, add deployment safety check": a list of changes, none pinned down
  const parts = text.split(/\s*[,;]\s*(?:and\s+)?/).filter((p) => p.length > 0);
  const imperative = (p: string) => {
    const w = p.split(/\s+/)[0]?.toLowerCase() ?? "";
    return CONCRETE_VERBS.has(w) || OPEN_VERBS.has(w) || COMPARATIVE_VERBS.has(w);
  };
  if (parts.length >= 3 && parts.every((p) => p.split(/\s+/).length <= 5 && imperative(p)) && signals() < 1)
    return verdict("vague-scope", text);
  // "Handle SIGTERM in the worker ...": handling a named signal, error or exception is a code change
  const handlesNamed =
    (verb === "handle" || verb === "address") &&
    /^\s+(?:`[^`]+`|[A-Z][A-Z0-9_]{2,}\b|[\w-]+(?:Error|Exception)\b|(?:an? |the )?(?:invalid|malformed|empty|missing|null|unexpected|oversized|duplicate|expired|truncated|unknown) [\w-]+)/.test(
      text.slice(first.end),
    );
  // "Give the release bot write access only to release branches": giving access or a role is a grant, not open work
  // "Give the monitoring hosts a static /etc/hosts fallback ..., checked in the game day": giving a thing is adding it
  const grants =
    verb === "give" &&
    (/\b(?:access|permissions?|roles?|rights)\b/i.test(text) ||
      (signals() >= 2 && !/\b(?:love|attention|thought|look|care|priority|focus|time|some)\b/i.test(text)));
  // "Conduct a broader review of ...", "Perform an analysis of ...": the open verb as a noun
  const openNoun = DO_VERBS.has(verb) && OPEN_NOUN.test(text.slice(first.end));
  if (
    openNoun ||
    (isOpenVerb(verb) && !handlesNamed && !grants) ||
    (verb === "root" && second === "cause") ||
    (verb === "check" && /\bmore often\b/i.test(text))
  ) {
    // "Investigate why X happened and record the answer in OPS-412" is bounded by its deliverable
    // or by any deliverable with a named place and a check ("... and record completion in ONCALL-12")
    const rest = text.slice(first.end);
    // or any change after a clause break: "Consider the blast radius: limit the deploy tool to one region per step"
    const clause = /(?:[;:]|,?\s+and(?: then)?)\s+([a-z-]+)/i.exec(rest);
    const deliverable =
      DELIVERABLE.test(rest) || (clause !== null && CONCRETE_VERBS.has((clause[1] ?? "").toLowerCase()));
    const bounded =
      (deliverable && signals() >= 2) ||
      // "Review all IAM policies that grant s3:* ... and file a ticket for each one found"
      (deliverable && signals() >= 2 && /\bfor (?:each|every)\b/i.test(text)) ||
      // "Monitor the expiry of *.example.com with a blackbox probe that alerts 14 days ahead": bounded by its means
      (signals() >= 2 && MECHANISM.test(text.slice(first.end))) ||
      // "Communicate the window on the status page 72 hours before each upgrade": a standing step, checked each time
      (signals() >= 3 && RECURRING.test(text));
    if (!bounded)
      return verdict(
        "open-ended-verb",
        verb === "look" || verb === "figure" || verb === "take"
          ? `${first.text} ${tokens[1]?.text ?? ""}`.trim()
          : first.text,
      );
    return verdict(null, null);
  }
  if (RESHAPE_VERBS.has(verb) && !RESHAPE_RESULT.test(text.slice(first.end)) && signals() < 3)
    return verdict("vague-scope", first.text);
  if (COMPARATIVE_VERBS.has(verb)) {
    if (!hasTarget(text)) return verdict("comparative-without-target", first.text);
    return verdict(null, null);
  }
  // "Allow operators to recover more easily from a halted chain": better, by no measure
  const manner = COMPARATIVE_MANNER.exec(text);
  if (manner && !hasTarget(text) && signals() < 2) return verdict("comparative-without-target", manner[0]);
  // "Add more replicas to the ingress controller", "Add some alerts around disk usage": an amount nobody counted
  const amount = UNCOUNTED.exec(text);
  if (amount && !hasTarget(text) && signals() < 2) return verdict("comparative-without-target", amount[0]);
  if (verb === "make" || verb === "get") {
    const comp = COMPARATIVE_WORDS.exec(text);
    if (comp) return verdict("comparative-without-target", comp[0]);
  }
  if (verb === "clean" || verb === "tidy" || (verb === "set" && second === "up" && words <= 4)) {
    if (signals() < 2) return verdict("vague-scope", text);
  }
  const way = WAY_OF_WORKING.exec(text.slice(first.end));
  if (way && signals() < 2) return verdict("vague-scope", way[0].trim());
  // "Establish a process for releases", "Build a culture of testing": a way of working, not a deliverable
  if (ABSTRACT_OBJECT_BRANCHES.test(text.slice(first.end)) && signals() < 2) {
    return verdict("vague-scope", ABSTRACT_OBJECT.exec(text.slice(first.end))?.[0].trim() ?? text);
  }
  // a vague object right after the verb ("Fix the problem", "Review all services") leaves nothing to deliver
  const scope = VAGUE_SCOPE.exec(text);
  if (scope && signals() < 2 && text.slice(0, scope.index).split(/\s+/).filter(Boolean).length <= 2) {
    return verdict("vague-scope", scope[0]);
  }
  if (CONCRETE_VERBS.has(verb)) {
    if (WEAK_VERBS.has(verb) && signals() < 1 && words < 7) return verdict("vague-scope", text);
    if (words <= 3 && signals() < 1) return verdict("too-short", text);
    const comp = COMPARATIVE_WORDS.exec(text);
    if (comp && signals() < 1 && words < 6) return verdict("comparative-without-target", comp[0]);
    // "Add monitoring to the new service": a kind of deliverable and no particular target
    const generic = genericDeliverable(tokens, signals());
    if (generic) return verdict("vague-scope", generic);
    // nothing vague found is not yet specific: "Fix the retry logic in the client" names no particular client
    if (!anchoredItem(text, tokens, signals())) return verdict("unanchored", null);
    const setting = valuelessSetting(text);
    if (setting && signals() < 2) return verdict("unanchored", setting);
    return verdict(null, null);
  }
  // Not a known verb: accept when it clearly names something, or reads as an imperative sentence (a base-form
  // first word and enough words to name an object); otherwise it is a noun phrase or a wish.
  if (signals() >= 2 && words >= 4) return verdict(null, null);
  // "Establish SLOs for core services", "Level up our incident response": a kind of deliverable, whatever the verb
  const generic = genericDeliverable(tokens, signals());
  if (generic) return verdict("vague-scope", generic);
  if (words >= 5 && !/(ing|tion|ment|ness|ity|ance|ence|s)$/.test(verb) && !COMPARATIVE_WORDS.test(text)) {
    // "Put a limit on the queue": an imperative, but of no particular queue and no value
    if (!anchoredItem(text, tokens, signals())) return verdict("unanchored", null);
    const setting = valuelessSetting(text);
    return setting && signals() < 2 ? verdict("unanchored", setting) : verdict(null, null);
  }
  return verdict(words <= 3 ? "too-short" : "not-an-action", first.text);
}
