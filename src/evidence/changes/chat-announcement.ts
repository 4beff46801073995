import type { ChangeRecogniser } from "./change-recogniser.js";

const DONE =
  /\b(deployed|rolled out|released|shipped|published|rolled back|reverted|merged|flipped|enabled|disabled|toggled|applied|flushed|migrated|bumped|upgraded|restarted)\b/i;
const DOING =
  /\b(deploying|rolling out|releasing|shipping|publishing|rolling back|reverting|flipping|enabling|disabling|applying|flushing|migrating|upgrading|restarting)\b/i;
/** A thing stated to be live now: "v2.3 is live in prod", "is now live", "went live", "now live", "we're live". */
const LIVE = /\b(?:(?:is|are|'s|'re|was|were)\s+(?:now\s+)?live|went\s+live|now\s+live)\b/i;
/**
 * Words before the verb, in the same clause, that make it a plan, a condition or a negation rather than a report:
 * "will be published", "not live yet", "haven't deployed", "once it's live", "going to roll back".
 */
const NOT_REPORT =
  /(?:\b(?:not|never|yet to|will|won't|wont|shall|going to|gonna|about to|plan(?:s|ning)? to|need(?:s)? to|to be|once|until|if|before|waiting for)\b|n't)[^.!;\n]*$/i;
/** "… yet", "… not yet" after the verb: still pending. */
const PENDING_TAIL = /\b(?:yet|not yet|pending|soon|tomorrow|later)\b/i;

/**
 * People announcing a change in chat ("Deploying checkout 9f3c2a1 to prod now", "flipped checkout-v2 to 100%",
 * "rolled back"): a `started` change when in progress, `effective` when done. Only chat events are considered.
 */
export const chatAnnouncementRecogniser: ChangeRecogniser = {
  id: "chat-announcement",
  documentation: "Slack export message objects: https://slack.com/help/articles/220556107 (text of channel messages)",
  hint: /deploy|roll|releas|ship|publish|live|revert|merg|flip|enabl|disabl|toggl|appl|flush|migrat|bump|upgrad|restart/i,
  samples: [
    "Deploying checkout 9f3c2a1 (raise checkout timeout, PR #812) to prod now :rocket:",
    "rolled back checkout to 1.20",
    "DS record for example.com is now published",
    "v2.3 is live in prod",
  ],
  recognise(e) {
    if (e.kind !== "chat" || e.message.length > 400) return null;
    const m = e.message;
    if (/\?\s*$/.test(m) || /^(should|can|could|shall|do|did|are|is)\b/i.test(m)) return null;
    const hit = DONE.exec(m) ?? LIVE.exec(m);
    const doing = hit ? null : DOING.exec(m);
    const found = hit ?? doing;
    if (found === null) return null;
    const verb = (found[1] ?? "live").toLowerCase();
    const tail = m.slice(found.index + found[0].length).split(/[.!;,\n]/)[0] ?? "";
    if (NOT_REPORT.test(m.slice(0, found.index)) || PENDING_TAIL.test(tail)) return null;
    const type = /roll(ed|ing) back|revert/.test(verb)
      ? "rollback"
      : /flip|enabl|disabl|toggl/.test(verb)
        ? "flag"
        : /flush/.test(verb)
          ? "cache"
          : /restart/.test(verb)
            ? "restart"
            : "deploy";
    return { type, what: m.slice(0, 200), phase: hit ? "effective" : "started", tool: "chat" };
  },
};
