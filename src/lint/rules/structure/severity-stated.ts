import type { LintRule } from "../../lint-types.js";

const SEVERITY = /^(sev|sev-|p)?\s?[0-5]$|^(critical|major|minor|high|medium|low)$/i;

/** The incident's severity is stated on a known scale. */
export const severityStated: LintRule = {
  id: "structure/severity",
  description: "Severity is stated on a known scale",
  help: "Severity drives deadlines (SEV1 items within 15 days, SEV2 within 30) and who reads the report; state it as SEV1-SEV5 in the front matter.",
  defaultSeverity: "error",
  check(ctx) {
    const { parsed } = ctx;
    const raw = String(parsed.postmortem.frontMatter.severity ?? "").trim();
    if (SEVERITY.test(raw)) return;
    if (!raw && /\bSEV[- ]?[0-5]\b/.test(parsed.source)) return;
    ctx.report({
      message: raw ? `severity "${raw}" is not on a known scale` : "the incident's severity is not stated",
      hint: "Set `severity: SEV2` (SEV1-SEV5) in the front matter.",
      position: parsed.frontMatterPosition,
    });
  },
};
