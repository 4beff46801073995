/**
 * The verbs an action item starts with, by what they promise: work you can tell is finished (concrete), work that
 * needs a target (comparative), work with no end (open), change in no stated shape (reshape), and the light verbs
 * that only carry an open verb's noun ("conduct a review").
 * @module
 */
// Verbs that name work you can tell is finished.
export const CONCRETE_VERBS = new Set(
  (
    "add alert automate remove limit set configure enable disable migrate create write replace rotate document block " +
    "reject page cap require split move upgrade downgrade pin backfill delete rename publish schedule build introduce " +
    "enforce validate run expose emit record tag route implement make send store define revoke deprecate turn roll " +
    "shorten lengthen lower raise drain install provision restrict deny allow grant archive encrypt merge revert " +
    "attach link rewrite refactor port wire file open close assign hire staff buy purchase adopt switch change " +
    "increase reduce decrease update fix patch bump extend shard partition replicate isolate separate throttle " +
    "rate-limit stop start disallow prohibit gate version label annotate log instrument trace measure backport " +
    "test verify check ship release deploy promote demote retire decommission sunset set up setup refresh use " +
    "tune adjust regenerate recalibrate convert rebuild reconfigure resize restrict require re-enable reenable " +
    "lock unlock invalidate purge rerun retry schedule notify email post announce share present run"
  ).split(" "),
);
// Concrete verbs that still need a named scope to be specific ("Update the runbooks", "Fix flaky tests").
export const WEAK_VERBS = new Set([
  "update",
  "fix",
  "change",
  "test",
  "check",
  "verify",
  "clean",
  "patch",
  "refactor",
  "document",
]);
// Comparative verbs: specific only with a measurable target.
export const COMPARATIVE_VERBS = new Set([
  "improve",
  "enhance",
  "optimise",
  "optimize",
  "harden",
  "strengthen",
  "increase",
  "reduce",
  "decrease",
  "boost",
  "streamline",
  "scale",
  "speed",
  "tighten",
  "minimise",
  "minimize",
  "maximise",
  "maximize",
  "raise",
  "simplify",
  "mitigate",
  "smooth",
  "stabilise",
  "stabilize",
]);
// Open-ended verbs: you cannot tell when they are done.
export const OPEN_VERBS = new Set(
  (
    "investigate look explore consider review discuss figure continue think evaluate re-evaluate reevaluate " +
    "assess research study examine revisit follow monitor keep try work take sort tidy handle address prevent get " +
    "educate train communicate understand analyse analyze determine identify brainstorm talk sync align " +
    "socialise socialize ensure watch audit clarify re-think rethink discover learn coordinate collaborate spend give " +
    "liaise engage reach chat talk sync meet avoid dig ping chase nudge circle stay poke root-cause " +
    // verbs whose object is people: what they are to learn is not a change to anything
    "teach coach mentor encourage urge " +
    // verbs of intent: where effort goes, not what will exist
    "focus prioritise prioritize invest champion foster embrace leverage pursue drive advocate emphasise emphasize " +
    "plan prepare decide"
  ).split(" "),
);
/** "Reconsider", "re-examine", "reassess": an open verb done again is still open. */
export function isOpenVerb(word: string): boolean {
  if (OPEN_VERBS.has(word)) return true;
  const base = word.replace(/^re-?/, "");
  return base !== word && base.length >= 4 && base !== "work" && OPEN_VERBS.has(base);
}
/** Verbs that change something in no stated way: "Overhaul the deployment tooling", "Refine the Terraform modules". */
export const RESHAPE_VERBS = new Set(
  (
    "overhaul revamp rework redesign rearchitect re-architect refine polish modernise modernize rationalise " +
    "rationalize restructure reorganise reorganize formalise formalize standardise standardize revise"
  ).split(" "),
);
/** Verbs that only carry an open verb's noun: "conduct a review", "perform an analysis", "do a deep dive". */
export const DO_VERBS = new Set(["conduct", "perform", "do", "carry", "undertake", "hold", "run"]);
/** A word an action item may start with as its verb. */
export function isItemVerb(word: string): boolean {
  return CONCRETE_VERBS.has(word) || OPEN_VERBS.has(word) || COMPARATIVE_VERBS.has(word) || RESHAPE_VERBS.has(word);
}
/** First words that are no verb: an item that starts with one is a noun phrase ("Better alerting"). */
export const NOT_VERBS = new Set(
  "better more faster improved improvements monitoring additional increased fewer less greater stronger new further general".split(
    " ",
  ),
);
