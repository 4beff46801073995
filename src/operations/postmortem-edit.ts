import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { SectionKey } from "../model/postmortem.js";
import { applyEdits, parsePostmortem, sectionInsertPoint, sectionRange } from "../postmortem/index.js";
import { withFileLock, writeFileAtomic } from "../util/atomic-write.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** Short content hash of a section body: what an editor must show it read before replacing the section. */
export function sectionHash(body: string): string {
  return createHash("sha256").update(body.replace(/\r\n/g, "\n").trim()).digest("hex").slice(0, 16);
}

/** `postmortem_edit_section`: write one section of a post-mortem, never over text the writer has not seen. */
export const postmortemEditSectionOperation = defineOperation({
  name: "postmortem_edit_section",
  title: "Write one section of a post-mortem",
  description:
    "Writes the body of one standard section (summary, rootCause, contributingFactors, fiveWhys, whatWentWell, whatWentWrong, whereWeGotLucky, lessonsLearned, actionItems, ...) of a post-mortem, leaving every other byte alone. `append` adds after what is there; `replace` needs `baseHash`, the section's hash as last read (the incident://{id} resource lists it), and is refused with CONFLICT when someone changed the section since: people's text is never overwritten unseen. A missing section is created in its standard place. Every claim written must cite evidence as `path:line`.",
  input: z.object({
    file: zPath.describe("the postmortem.md"),
    section: SectionKey.describe("which standard section"),
    markdown: z.string().describe("the section body, Markdown (without the heading)"),
    mode: z.enum(["append", "replace"]).optional().describe("append (default) or replace"),
    baseHash: z.string().optional().describe("for replace: the section's hash as you read it"),
  }),
  annotations: { readOnly: false, destructive: true, idempotent: false, openWorld: false },
  async run(input, ctx): Promise<{ path: string; section: string; mode: string; hash: string; created: boolean }> {
    const file = resolveInWorkspace(ctx, input.file);
    const mode = input.mode ?? "append";
    const shown = relative(ctx.cwd, file) || file;
    return withFileLock(file, async () => {
      let source: string;
      try {
        source = await readFile(file, "utf8");
      } catch {
        throw new DebriefError("INPUT_NOT_FOUND", "no such post-mortem", { location: { path: shown } });
      }
      const parsed = parsePostmortem(source, file);
      const section = parsed.postmortem.sections.find((s) => s.key === input.section);
      const eol = source.includes("\r\n") ? "\r\n" : "\n";
      const body = input.markdown.replace(/\r?\n/g, eol).replace(/\s*$/, `${eol}${eol}`);
      let next: string;
      if (!section) {
        const at = sectionInsertPoint(parsed, input.section);
        const heading = input.section.replace(/[A-Z]/g, (c) => ` ${c}`).replace(/^./, (c) => c.toUpperCase());
        const lead = at.offset > 0 && !source.slice(0, at.offset).endsWith(`${eol}${eol}`) ? eol : "";
        next = applyEdits(source, [
          { start: at.offset, end: at.offset, text: `${lead}${"#".repeat(at.depth)} ${heading}${eol}${eol}${body}` },
        ]);
      } else {
        const range = sectionRange(parsed, section);
        if (mode === "replace") {
          const current = sectionHash(section.markdown);
          if (input.baseHash !== current) {
            throw new DebriefError(
              "CONFLICT",
              `${input.section} ${input.baseHash === undefined ? "is replaced only with baseHash" : "changed since you read it"}: read it again (incident resource, hash ${current}) and keep what people wrote`,
              { location: { path: shown, line: section.position.line } },
            );
          }
          next = applyEdits(source, [{ start: range.bodyStart, end: range.end, text: `${eol}${body}` }]);
        } else {
          const kept = section.markdown.replace(/\s*$/, "");
          next = applyEdits(source, [
            { start: range.bodyStart, end: range.end, text: `${kept}${kept ? `${eol}${eol}` : eol}${body}` },
          ]);
        }
      }
      await writeFileAtomic(file, next);
      const after = parsePostmortem(next, file).postmortem.sections.find((s) => s.key === input.section);
      return {
        path: shown,
        section: input.section,
        mode,
        hash: sectionHash(after?.markdown ?? ""),
        created: !section,
      };
    });
  },
});
