/**
 * An action item often carries its owner or its timing in front of the work: "ASAP: revoke ...", "In Q3, move ...",
 * "TBD: follow up on ...", "Team to follow up with AWS support", "Due 2025-06-30: retire ...". The frame says who and
 * when, not what; the work after it is what the vagueness rule judges. A frame that names nobody in particular or no
 * date ("ASAP", "Q3", "Team") is still reported when the work itself pins little down.
 * @module
 */

/** The frame in front of an item's work, and the work. */
export interface ItemFrame {
  /** The work without its frame. */
  work: string;
  /** The frame's vague word ("ASAP", "Q3", "Team"), or null when the frame is precise or absent. */
  vagueCue: string | null;
}

// "ASAP:", "TBD -", "Urgent:", "P1:", "Q3:", "Next sprint:", "Due Q2 2025 (2025-06-30):"
const TAG =
  /^\s*(asap|tbd|tbc|urgent|high priority|p[0-3]|q[1-4](?:\s+\d{4})?|h[12](?:\s+\d{4})?|next (?:sprint|quarter|half|release)|due\s+[^:]{1,40})\s*[:–—-]\s+/i;
// "In Q3,", "By next quarter,", "Before the next release,", "Going forward,"
const LEAD =
  /^\s*((?:in|by|before|during|for)\s+(?:the\s+)?(?:q[1-4]|h[12]|next (?:sprint|quarter|half|release|year)|this (?:sprint|quarter|half|year))(?:\s+\d{4})?|going forward|moving forward|longer[- ]term|long[- ]term|short[- ]term)\s*,\s*/i;
// "Prow: add monitoring for hook", "[#1234] Fix ...", "TODO: look into ...": a label before the work (a component, a
// ticket, a marker), taken as a frame only when the work after it starts with a verb
const LABEL =
  /^\s*(\[[^\]]{1,30}\]|\([^)]{1,30}\)|#\d+|[A-Za-z][\w./#'-]*(?:\s+[\w./#'-]+){0,2})\s*(?::|\s[-–—]|(?<=[\])]))\s+/;
/** Labels that defer rather than name: "TODO:", "Later:", "Nice to have:". */
const DEFERRING_LABEL = /^(?:todo|fixme|tbd|tbc|later|someday|maybe|idea|nice[- ]to[- ]have|backlog|wishlist)$/i;
// "Team to follow up ...", "Platform team to add ...", "SRE to ...": an owner and an infinitive
const OWNER_TO = /^\s*((?:the\s+)?[\w-]+(?:\s+(?:team|group|org|squad|on-?call))?)\s+to\s+(?=[a-z])/i;
/** Owners that are nobody in particular. */
const NOBODY =
  /^(?:the\s+)?(?:team|teams|someone|somebody|everyone|everybody|engineering|eng|devs?|people|we|us|all|owners?|tbd)$/i;
/** Timing that is no date: a quarter or half without a day, "next sprint", "ASAP". */
const UNDATED = /^(?!due\s+.*\d{4}-\d{2}-\d{2})/i;

/**
 * Split an item into its frame's vague cue and its work. `isVerb` says whether a word is a verb an item starts with:
 * "Team to follow up" has an owner only because "follow" is one ("Revert to the last release" has none).
 */
export function itemFrame(text: string, isVerb: (word: string) => boolean): ItemFrame {
  let work = text;
  let vagueCue: string | null = null;
  for (let guard = 0; guard < 3; guard++) {
    const m = TAG.exec(work) ?? LEAD.exec(work);
    if (m) {
      const cue = (m[1] ?? "").trim();
      if (UNDATED.test(cue) && !/\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}/.test(cue)) vagueCue ??= cue;
      work = work.slice(m[0].length);
      continue;
    }
    const label = LABEL.exec(work);
    if (label) {
      const name = (label[1] ?? "").trim();
      const next = (/^[a-z-]+/i.exec(work.slice(label[0].length))?.[0] ?? "").toLowerCase();
      const lead = (name.split(/\s+/)[0] ?? "").toLowerCase();
      if (isVerb(next) && !isVerb(lead)) {
        if (DEFERRING_LABEL.test(name)) vagueCue ??= name;
        work = work.slice(label[0].length);
        continue;
      }
    }
    const owner = OWNER_TO.exec(work);
    const next = owner ? (/^[a-z-]+/i.exec(work.slice(owner[0].length))?.[0] ?? "") : "";
    const lead = owner?.[1]?.split(/\s+/)[0] ?? "";
    if (owner && isVerb(next.toLowerCase()) && !isVerb(lead.toLowerCase())) {
      const who = (owner[1] ?? "").trim();
      if (NOBODY.test(who)) vagueCue ??= who;
      work = work.slice(owner[0].length);
      continue;
    }
    break;
  }
  return { work, vagueCue };
}
