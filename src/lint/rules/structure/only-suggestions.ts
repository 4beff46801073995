import type { PostmortemSection, SectionKey } from "../../../model/postmortem.js";
import { blockHash } from "../../../postmortem/generated-blocks.js";
import type { LintRule } from "../../lint-types.js";
import { findSection, headingPosition, SECTION_TITLES } from "../rule-helpers.js";

/** Sections a human must write: Debrief's drafted suggestions alone do not fill them. */
const HUMAN_SECTIONS: readonly SectionKey[] = ["summary", "rootCause", "whatWentWrong"];

// What `debrief draft` writes that is not yet a person's statement: generated blocks (their content may be kept, but
// the markers stay), HTML comments (the template's prompts) and bullets or paragraphs marked **Suggested ...**.
const COMMENT = /<!--[\s\S]*?-->/g;
const SUGGESTED_LINE =
  /^\s*(?:[-*+]\s+|\d+[.)]\s+)?\*\*Suggested\b[^\n]*(?:\n(?![ \t]*(?:[-*+]|\d+[.)])\s)[ \t]*\S[^\n]*)*/gim;
const GENERATED_BLOCK = /<!--\s*debrief:begin\s+(\S+)[^>]*-->([\s\S]*?)<!--\s*debrief:end\b[^>]*-->/g;
const SUBSECTION = /^#{3,6}\s+immediate cause\s*$/im;

// A generated block as `debrief draft` writes it: the begin marker's line, the content, the end marker's line.
const MARKED_BLOCK =
  /^[ \t]*<!--\s*debrief:begin\s+[\w.-]+\s+hash=([0-9a-f]+)\s*-->[ \t]*(?:\r\n|\n|\r)([\s\S]*?)^[ \t]*<!--\s*debrief:end\b[^>]*-->/gm;

/**
 * The human-written part of a section: its text without comments and suggestion lines. A generated block whose
 * content still hashes to its marker's value is Debrief's from its first line to its last, whatever it holds (the
 * trigger block's "Other changes before impact, less likely:" list is not marked Suggested line by line); once a
 * person edits it, only its suggestion lines are Debrief's.
 */
export function humanText(markdown: string): string {
  return markdown
    .replace(MARKED_BLOCK, (all, hash: string, content: string) => (blockHash(content) === hash ? "" : all))
    .replace(GENERATED_BLOCK, (_all, _name: string, body: string) => body.replace(SUGGESTED_LINE, ""))
    .replace(COMMENT, "")
    .replace(SUGGESTED_LINE, "")
    .replace(/^#{3,6}\s.*$/gm, "")
    .trim();
}

/** A Root Cause that names none: "None found", "Unknown", "TBD", "No root cause was identified". */
const NONE_FOUND =
  /^(?:none(?: found| identified| yet)?|n\/a|unknown|tbd|tbc|todo|not (?:yet )?(?:found|known|determined|identified)|no root cause(?: (?:was|has been))? (?:found|identified|determined)(?: yet)?|root cause (?:unknown|not (?:yet )?(?:found|known|determined|identified))|under investigation|still investigating)[.!]?$/i;

function immediateCauseBody(section: PostmortemSection): string | undefined {
  const m = SUBSECTION.exec(section.markdown);
  if (!m) return undefined;
  const rest = section.markdown.slice(m.index + m[0].length);
  const next = /^#{2,6}\s/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/**
 * Summary, Root Cause, Immediate Cause and What Went Wrong hold a person's words: not left with Debrief's drafted
 * suggestions only, and a Root Cause is not "none found".
 */
export const onlySuggestions: LintRule = {
  id: "structure/only-suggestions",
  description:
    "Summary, Root Cause, Immediate Cause and What Went Wrong are written by people, not only Debrief's suggestions",
  help: "Debrief's draft suggests a trigger and contributing factors from the evidence; a reviewer confirms, rewrites or deletes them. A section holding only suggestions has not been reviewed yet.",
  defaultSeverity: "error",
  check(ctx) {
    for (const key of HUMAN_SECTIONS) {
      const section = findSection(ctx.parsed, key);
      if (!section) continue; // structure/required-sections reports missing ones
      const raw = section.markdown.replace(COMMENT, "").trim();
      const human = humanText(section.markdown);
      if (raw.length > 0 && human.length === 0) {
        ctx.report({
          message: `section "${section.heading}" holds only Debrief's suggestions`,
          hint: `Confirm or rewrite the suggestions in your own words, delete the ones that do not hold, and write the ${SECTION_TITLES[key]} a reader needs.`,
          position: headingPosition(section),
        });
      } else if (key === "rootCause" && NONE_FOUND.test(human.replace(/[*_`]/g, "").trim())) {
        ctx.report({
          message: `Root Cause says "${human.slice(0, 40)}"`,
          hint: "State the mechanism as far as it is known and what is still being investigated (with a ticket), or the trigger and the conditions that let it cause harm.",
          position: headingPosition(section),
        });
      }
    }
    const factors = findSection(ctx.parsed, "contributingFactors");
    const immediate = factors ? immediateCauseBody(factors) : undefined;
    const written = immediate !== undefined && humanText(immediate).length > 0;
    // the immediate cause exists only as suggestions: in its own subsection, or as suggested immediate factors
    // (the draft's factors block) beside an "### Immediate Cause" left with its prompt or absent
    const stated = ctx.parsed.postmortem.factors.filter((f) => f.level === "immediate");
    const onlySuggested =
      (immediate !== undefined && immediate.replace(COMMENT, "").trim().length > 0 && !written) ||
      (!written && stated.length > 0 && stated.every((f) => f.suggested));
    if (factors && onlySuggested) {
      ctx.report({
        message: "Immediate Cause holds only Debrief's suggestions",
        hint: "Confirm the suggested immediate cause (remove **Suggested …:**) or write it yourself.",
        position: headingPosition(factors),
      });
    }
  },
};
