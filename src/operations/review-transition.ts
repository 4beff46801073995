import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import type { FrontMatterChange } from "../postmortem/index.js";
import { readTeamFrontMatter } from "../store/incident-record.js";
import type { ReviewStatus } from "../store/index.js";
import { defineOperation } from "./operation.js";
import { actorOf, hasRole } from "./operation-access.js";
import { incidentRef, updateFrontMatter, withTeamStore } from "./review-support.js";
import { zPath } from "./schemas.js";

const STATUSES = ["draft", "in-review", "approved", "published"] as const;

/** Who may move a post-mortem from one status to another. */
type Rule = "editor" | "reviewer";

/**
 * The workflow: an editor submits a draft for review; an assigned reviewer (or an admin) approves it, which signs it
 * off; an editor publishes only what was approved. An editor may send a post-mortem in review back to draft, or
 * reopen an approved one for review. Nothing leaves `published`.
 */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStatus, Partial<Record<ReviewStatus, Rule>>>> = {
  draft: { "in-review": "editor" },
  "in-review": { approved: "reviewer", draft: "editor" },
  approved: { published: "editor", "in-review": "editor" },
  published: {},
};

/** Audit-log action of each move. */
const ACTION_NAMES: Record<string, string> = {
  "draft>in-review": "submit",
  "in-review>approved": "approve",
  "in-review>draft": "return-to-draft",
  "approved>published": "publish",
  "approved>in-review": "reopen",
};

/** `review_transition`: move a post-mortem through draft → in-review → approved → published. */
export const reviewTransitionOperation = defineOperation({
  name: "review_transition",
  title: "Move a post-mortem through review",
  description:
    "Changes the review status in DIR/postmortem.md's front matter (`status:`): draft → in-review (an editor submits), in-review → approved (only an assigned reviewer or an admin; records a sign-off `{by, role, at}` under `signOff:`), approved → published (an editor; only after approval), and back (in-review → draft, approved → in-review). Only those front-matter keys change; the write is atomic under the post-mortem's lock.",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    to: z.enum(STATUSES).describe("the new status"),
    note: z.string().max(2000).optional().describe("why (kept in the audit log)"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  // reviewers may be viewers: the rules below decide
  minRole: "viewer",
  async run(input, ctx): Promise<{ dir: string; from: ReviewStatus; to: ReviewStatus; signOff?: unknown }> {
    const ref = incidentRef(ctx, input.dir);
    const actor = actorOf(ctx);
    return withTeamStore(ctx, ref.workspace, async (store) => {
      const reviewers = await store.reviewers(ref.key);
      let from: ReviewStatus = "draft";
      let signOff: Record<string, string> | undefined;
      await updateFrontMatter(ref, input.dir, (fm) => {
        const team = readTeamFrontMatter(fm);
        from = team.reviewStatus;
        const rule = REVIEW_TRANSITIONS[from][input.to];
        if (!rule) {
          throw new DebriefError(
            "CONFLICT",
            from === input.to
              ? `${input.dir} is already ${from}`
              : `${input.dir} is ${from}: it can go to ${Object.keys(REVIEW_TRANSITIONS[from]).join(" or ") || "nothing else"}, not ${input.to}`,
          );
        }
        const isAdmin = hasRole(ctx.scope, "admin");
        if (rule === "editor" && !hasRole(ctx.scope, "editor")) {
          throw new DebriefError("PERMISSION_DENIED", `moving ${from} → ${input.to} needs the editor role`);
        }
        if (rule === "reviewer" && !isAdmin && !(actor.id !== null && reviewers.includes(actor.id))) {
          throw new DebriefError("PERMISSION_DENIED", "only an assigned reviewer or an admin approves a post-mortem");
        }
        const changes: FrontMatterChange[] = [{ path: ["status"], value: input.to }];
        if (input.to === "approved") {
          signOff = {
            by: actor.name,
            role: isAdmin && !(actor.id !== null && reviewers.includes(actor.id)) ? "admin" : "reviewer",
            at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
          };
          // earlier sign-offs are kept as they were written, the new one appended
          const earlier = Array.isArray(fm.signOff) ? fm.signOff : [];
          changes.push({ path: ["signOff"], value: [...earlier, signOff] });
        }
        return changes;
      });
      const action = ACTION_NAMES[`${from}>${input.to}`] ?? input.to;
      await store.audit({
        actorId: actor.id,
        actorName: actor.name,
        action,
        target: ref.key,
        detail: { from, to: input.to, ...(input.note ? { note: input.note } : {}) },
      });
      return { dir: ref.key, from, to: input.to, ...(signOff ? { signOff } : {}) };
    });
  },
});
