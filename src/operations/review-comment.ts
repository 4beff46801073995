import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { parsePostmortem } from "../postmortem/index.js";
import type { CommentRecord } from "../store/index.js";
import { defineOperation } from "./operation.js";
import { actorOf, hasRole } from "./operation-access.js";
import { incidentRef, readPostmortemSource, withTeamStore } from "./review-support.js";
import { zPath } from "./schemas.js";

/** Comments that are not about one section. */
export const GENERAL_SECTION = "general";

/** The section anchors of a post-mortem: each section's standard key, or its heading when it has none. */
export function sectionAnchors(source: string, file: string): string[] {
  return parsePostmortem(source, file).postmortem.sections.map((s) => s.key ?? s.heading);
}

/** `review_comment`: comment on one section of a post-mortem, or resolve a comment. */
export const reviewCommentOperation = defineOperation({
  name: "review_comment",
  title: "Comment on a section of a post-mortem",
  description:
    "Adds a review comment anchored to one section of DIR/postmortem.md (`section`: a standard key such as summary, rootCause, actionItems, or the section's heading; `general` for the whole document), or with `resolve: <comment id>` marks a comment resolved (its author, an editor or an admin). Comments live in the team database, never in the post-mortem's text.",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    section: z.string().min(1).max(200).optional().describe("the section the comment is about"),
    body: z.string().trim().min(1).max(5000).optional().describe("the comment (Markdown)"),
    resolve: z.string().min(1).max(100).optional().describe("the id of a comment to mark resolved"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  // everyone who may see a post-mortem may discuss it
  minRole: "viewer",
  async run(input, ctx): Promise<{ comment: CommentRecord }> {
    const ref = incidentRef(ctx, input.dir);
    const actor = actorOf(ctx);
    return withTeamStore(ctx, ref.workspace, async (store) => {
      if (input.resolve !== undefined) {
        const comment = (await store.listComments(ref.key)).find((c) => c.id === input.resolve);
        if (!comment) throw new DebriefError("INPUT_NOT_FOUND", `no comment ${input.resolve} on ${input.dir}`);
        const own = actor.id !== null && comment.authorId === actor.id;
        if (!own && !hasRole(ctx.scope, "editor")) {
          throw new DebriefError("PERMISSION_DENIED", "only the comment's author or an editor resolves it");
        }
        await store.resolveComment(comment.id);
        await store.audit({
          actorId: actor.id,
          actorName: actor.name,
          action: "resolve-comment",
          target: ref.key,
          detail: { comment: comment.id },
        });
        return { comment: { ...comment, resolved: true } };
      }
      if (input.section === undefined || input.body === undefined) {
        throw new DebriefError("USAGE", "give section and body to comment, or resolve: <id>");
      }
      const source = await readPostmortemSource(ref, input.dir);
      const anchors = sectionAnchors(source, ref.file);
      const wanted = input.section.trim().toLowerCase();
      const section = wanted === GENERAL_SECTION ? GENERAL_SECTION : anchors.find((a) => a.toLowerCase() === wanted);
      if (section === undefined) {
        throw new DebriefError(
          "USAGE",
          `section: ${input.section} is not a section of this post-mortem (it has: ${[GENERAL_SECTION, ...anchors].join(", ")})`,
        );
      }
      const comment = await store.addComment({
        dir: ref.key,
        section,
        body: input.body,
        authorId: actor.id ?? `local:${actor.name}`,
      });
      await store.audit({
        actorId: actor.id,
        actorName: actor.name,
        action: "comment",
        target: ref.key,
        detail: { section, comment: comment.id },
      });
      return { comment };
    });
  },
});

/** `review_comments`: the review comments of a post-mortem. */
export const reviewCommentsOperation = defineOperation({
  name: "review_comments",
  title: "List the review comments of a post-mortem",
  description:
    "The review comments on DIR/postmortem.md, oldest first, each with its section, author, time and whether it is resolved.",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    unresolved: z.boolean().optional().describe("only comments not yet resolved"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ comments: CommentRecord[] }> {
    const ref = incidentRef(ctx, input.dir);
    return withTeamStore(ctx, ref.workspace, async (store) => {
      const comments = await store.listComments(ref.key);
      return { comments: input.unresolved ? comments.filter((c) => !c.resolved) : comments };
    });
  },
});
