import type { ChangeMatch, ChangeRecogniser } from "./change-recogniser.js";
import { actionVerb, changeTypeOf } from "./change-verbs.js";

/** Change verbs written as done (`reloaded`, `rolled out`), each with its stem. */
const DONE =
  "(?:added/)?updated|reloaded|restarted|redeployed|reverted|upgraded|downgraded|installed|uninstalled|deployed|rolled out|rolled back|migrated|applied|released|published|promoted|scaled|patched|reconfigured";
/** Things whose completion is a change (`apply completed`, `Helm upgrade succeeded`, `upgrades installed`). */
const NOUN =
  "apply|deploy(?:ment)?|rollout|roll-out|release|upgrades?|migrations?|reload|restart|rollback|configuration|config|install(?:ation)?|update";
const DONE_WORD = `${DONE}|completed?|succeeded|successful(?:ly)?|finished|done`;

/** `<verb-ed> <object>` at a clause start: `reloaded configuration`, `upgraded nginx 1.24 -> 1.25`. */
const VERB_OBJECT = new RegExp(
  `(?:^|[;:]\\s+|\\s-\\s|\\bsuccessfully\\s+)(${DONE})\\s+(?!(?:to|by|in|on|at|from|with|for|successfully|ok|and|or)\\b|0\\b|\\d+\\s*(?:rows?|records?|items?|entries|bytes|keys?|documents?)\\b)([\\w'"/.:@<>-][^;]{1,})`,
  "i",
);
/** `<change noun> … <done>`: `server-side apply completed`, `deployment "x" successfully rolled out`. */
const NOUN_DONE = new RegExp(`\\b(${NOUN})\\b([^.;:!?]{0,60}?)\\s(?:successfully\\s+)?(${DONE_WORD})\\b`, "i");
/** `failed to reload nginx`, `unable to apply migration 12` (a bare `deploy failed` says too little: not read). */
const FAILED_TO =
  /\b(?:failed|unable|could not|couldn't|cannot) to (reload|restart|upgrade|deploy|apply|migrate|install|roll out|rollback|roll back|release|publish|promote|scale|update|patch)\s+(\S[^;]{0,100})/i;
/** A plan, a wish, a negation or a question is not a change. */
const NOT_DONE =
  /\b(?:will|would|should|shall|going to|about to|plan(?:s|ned|ning)?|scheduled|pending|dry[- ]?run|not|never|no|nothing|skip(?:ped|ping)?|if|when|whether|needs?|requires?|wait(?:ing)?|waits)\b|n't\b/i;

const STEM: Record<string, string> = {
  "rolled out": "rollout",
  "rolled back": "rollback",
  "roll out": "rollout",
  "roll back": "rollback",
  "rolling out": "rollout",
};

function stem(word: string): string {
  const w = word.toLowerCase().replace(/^added\//, "");
  if (STEM[w]) return STEM[w];
  if (w === "config" || w === "configuration") return "reload";
  if (w === "deployment") return "deploy";
  if (w === "installation") return "install";
  return actionVerb(w)?.stem ?? w;
}

/**
 * A log line that says a change was carried out: a change verb in its completed form with an object (`reloaded
 * configuration`, `upgraded nginx 1.24 -> 1.25`, `rolled out revision 7`, `restarted unit x`), a change noun with a
 * completion word (`server-side apply completed`, `Helm upgrade succeeded`, `All upgrades installed`), or a failed one
 * (`failed to reload nginx`). Plans, negations and questions (`will deploy`, `not restarted`,
 * `deploy?`) are none. Written for tools Debrief has no reader for, so it reads the language of change, not a layout.
 */
export const genericLineChangeRecogniser: ChangeRecogniser = {
  id: "generic-line-change",
  documentation: "https://www.gnu.org/prep/standards/html_node/Errors.html",
  hint: new RegExp(
    `\\b(?:${DONE}|failed to|unable to|could not|cannot)\\b|\\b(?:${NOUN})\\b[^.;:]*\\b(?:${DONE_WORD})\\b`,
    "i",
  ),
  samples: [
    "reloaded configuration from /etc/app/app.yaml",
    "upgraded nginx 1.24 -> 1.25",
    "rolled out revision 7 of checkout",
    "server-side apply completed",
    "Helm upgrade succeeded for release shop/checkout",
    "failed to reload nginx: syntax error",
  ],
  recognise(e): ChangeMatch | null {
    if (e.kind === "chat") return null;
    const m = e.message.trim();
    if (m.length > 400 || m.endsWith("?")) return null;
    const failed = FAILED_TO.exec(m);
    if (failed) {
      const before = m.slice(0, failed.index);
      if (/\b(?:will|would|should|if|when|not|never|no)\b|n't\b/i.test(before)) return null;
      const verb = stem(failed[1] ?? "");
      return {
        type: changeTypeOf(verb),
        what: m.slice(failed.index, failed.index + 200),
        phase: "failed",
        tool: e.service ?? "log",
      };
    }
    const byVerb = VERB_OBJECT.exec(m);
    const hit = byVerb ?? NOUN_DONE.exec(m);
    if (!hit) return null;
    // the clause up to the verb (not the object after it) must not plan, negate or condition it
    const end = byVerb ? hit.index + hit[0].indexOf(hit[1] ?? "") + (hit[1]?.length ?? 0) : hit.index + hit[0].length;
    if (NOT_DONE.test(m.slice(0, end))) return null;
    const verb = stem(hit[1] ?? "");
    return {
      type: changeTypeOf(verb),
      what: m.slice(Math.max(0, hit.index), hit.index + 200).replace(/^[;:\s-]+/, ""),
      phase: "effective",
      tool: e.service ?? "log",
    };
  },
};
