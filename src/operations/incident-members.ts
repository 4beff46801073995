import { z } from "zod";
import type { FrontMatterChange } from "../postmortem/index.js";
import { readTeamFrontMatter } from "../store/incident-record.js";
import { defineOperation } from "./operation.js";
import { actorOf } from "./operation-access.js";
import { incidentRef, updateFrontMatter, withTeamStore } from "./review-support.js";
import { zPath } from "./schemas.js";

/** `incident_members`: make an incident private to its members, or public, and set who the members are. */
export const incidentMembersOperation = defineOperation({
  name: "incident_members",
  title: "Private incident and its members",
  description:
    "Sets `private:` and `members:` (e-mails) in DIR/postmortem.md's front matter (admins only). A private incident is visible only to its members and admins, in the pages, the API, search, insights and the MCP tools; to everyone else it does not exist. Without `private` and `members` it only reports the current settings.",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    private: z.boolean().optional().describe("true: only members and admins see it"),
    members: z
      .array(z.string().trim().toLowerCase().pipe(z.email()))
      .max(500)
      .optional()
      .describe("member e-mails (replaces the list)"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true, openWorld: false },
  minRole: "admin",
  async run(input, ctx): Promise<{ dir: string; private: boolean; members: string[] }> {
    const ref = incidentRef(ctx, input.dir);
    const changes: FrontMatterChange[] = [];
    if (input.private !== undefined) changes.push({ path: ["private"], value: input.private });
    if (input.members !== undefined) changes.push({ path: ["members"], value: [...new Set(input.members)] });
    const before = readTeamFrontMatter(await updateFrontMatter(ref, input.dir, () => changes));
    const after = {
      private: input.private ?? before.private,
      members: input.members ? [...new Set(input.members)] : before.members,
    };
    if (changes.length > 0) {
      const actor = actorOf(ctx);
      await withTeamStore(ctx, ref.workspace, (store) =>
        store.audit({
          actorId: actor.id,
          actorName: actor.name,
          action: "set-members",
          target: ref.key,
          detail: after,
        }),
      );
    }
    return { dir: ref.key, ...after };
  },
});
