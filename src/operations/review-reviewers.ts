import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { defineOperation } from "./operation.js";
import { actorOf, hasRole } from "./operation-access.js";
import { incidentRef, withTeamStore } from "./review-support.js";
import { zPath } from "./schemas.js";

/** A reviewer as the operation reports them. */
export interface ReviewerInfo {
  id: string;
  name: string;
  email: string | null;
}

/** `review_reviewers`: who reviews a post-mortem (and, with `set`, assign them). */
export const reviewReviewersOperation = defineOperation({
  name: "review_reviewers",
  title: "Reviewers of a post-mortem",
  description:
    "Lists the reviewers assigned to DIR's post-mortem; with `set` (e-mails or user ids of people who have signed in at least once) replaces the list (editors and admins). Only an assigned reviewer or an admin may approve (review_transition).",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    set: z
      .array(z.string().trim().min(1).max(320))
      .max(50)
      .optional()
      .describe("the new reviewers: e-mails or user ids"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false },
  minRole: "viewer",
  async run(input, ctx): Promise<{ dir: string; reviewers: ReviewerInfo[] }> {
    const ref = incidentRef(ctx, input.dir);
    return withTeamStore(ctx, ref.workspace, async (store) => {
      const users = await store.listUsers();
      if (input.set !== undefined) {
        if (!hasRole(ctx.scope, "editor"))
          throw new DebriefError("PERMISSION_DENIED", "assigning reviewers needs the editor role");
        const ids: string[] = [];
        for (const wanted of input.set) {
          const user = users.find((u) => u.id === wanted || u.email === wanted.toLowerCase());
          if (!user) {
            throw new DebriefError(
              "USAGE",
              `set: nobody called ${wanted} has signed in yet (reviewers must sign in once first)`,
            );
          }
          if (!ids.includes(user.id)) ids.push(user.id);
        }
        await store.setReviewers(ref.key, ids);
        const actor = actorOf(ctx);
        await store.audit({
          actorId: actor.id,
          actorName: actor.name,
          action: "set-reviewers",
          target: ref.key,
          detail: { reviewers: ids },
        });
      }
      const ids = await store.reviewers(ref.key);
      return {
        dir: ref.key,
        reviewers: ids.map((id) => {
          const u = users.find((x) => x.id === id);
          return { id, name: u?.name ?? id, email: u?.email ?? null };
        }),
      };
    });
  },
});
