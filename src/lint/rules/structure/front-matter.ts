import { z } from "zod";
import type { LintRule } from "../../lint-types.js";
import { frontMatterKeys } from "../rule-helpers.js";

const Options = z.object({ required: z.array(z.string()).default(["id", "title", "severity", "status"]) });

/** YAML front matter is present, parses, and has the required keys. */
export const frontMatter: LintRule<z.infer<typeof Options>> = {
  id: "structure/front-matter",
  description: "Front matter is present and has the required keys",
  help: "Front matter (id, title, severity, status, resolvedAt, distributedAt) lets tools index, track and follow up the post-mortem.",
  defaultSeverity: "error",
  options: Options,
  check(ctx) {
    const { parsed } = ctx;
    if (!parsed.frontMatterPosition) {
      // many teams' templates keep metadata in a table instead; the severity rule still requires a severity
      ctx.report({
        message: "no YAML front matter",
        hint: `Start the file with a --- block holding ${ctx.options.required.join(", ")}.`,
        soften: true,
      });
      return;
    }
    for (const problem of parsed.problems) {
      if (problem.code.startsWith("front-matter")) {
        ctx.report({ message: problem.message, position: problem.position ?? parsed.frontMatterPosition });
      }
    }
    const keys = frontMatterKeys(parsed);
    const missing = ctx.options.required.filter((k) => !keys.has(k));
    if (missing.length > 0) {
      ctx.report({
        message: `front matter lacks ${missing.map((k) => `"${k}"`).join(", ")}`,
        hint: `Add ${missing.map((k) => `${k}: ...`).join(", ")} to the front matter.`,
        position: parsed.frontMatterPosition,
      });
    }
  },
};
