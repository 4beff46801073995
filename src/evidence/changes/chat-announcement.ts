import type { ChangeRecogniser } from "./change-recogniser.js";

const DONE =
  /\b(deployed|rolled out|released|shipped|rolled back|reverted|merged|flipped|enabled|disabled|toggled|applied|flushed|migrated|bumped|upgraded|restarted)\b/i;
const DOING =
  /\b(deploying|rolling out|releasing|shipping|rolling back|reverting|flipping|enabling|disabling|applying|flushing|migrating|upgrading|restarting)\b/i;

/**
 * People announcing a change in chat ("Deploying checkout 9f3c2a1 to prod now", "flipped checkout-v2 to 100%",
 * "rolled back"): a `started` change when in progress, `effective` when done. Only chat events are considered.
 */
export const chatAnnouncementRecogniser: ChangeRecogniser = {
  id: "chat-announcement",
  documentation: "Slack export message objects: https://slack.com/help/articles/220556107 (text of channel messages)",
  hint: /deploy|roll|releas|ship|revert|merg|flip|enabl|disabl|toggl|appl|flush|migrat|bump|upgrad|restart/i,
  samples: [
    "Deploying checkout 9f3c2a1 (raise checkout timeout, PR #812) to prod now :rocket:",
    "rolled back checkout to 1.20",
  ],
  recognise(e) {
    if (e.kind !== "chat" || e.message.length > 400) return null;
    const m = e.message;
    if (/\?\s*$/.test(m) || /^(should|can|could|shall|do|did|are|is)\b/i.test(m)) return null;
    const done = DONE.exec(m);
    const doing = done ? null : DOING.exec(m);
    const verb = (done ?? doing)?.[1]?.toLowerCase();
    if (verb === undefined) return null;
    const type = /roll(ed|ing) back|revert/.test(verb)
      ? "rollback"
      : /flip|enabl|disabl|toggl/.test(verb)
        ? "flag"
        : /flush/.test(verb)
          ? "cache"
          : /restart/.test(verb)
            ? "restart"
            : "deploy";
    return { type, what: m.slice(0, 200), phase: done ? "effective" : "started", tool: "chat" };
  },
};
