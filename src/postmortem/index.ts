/**
 * The post-mortem document: parse Markdown into the model with source positions, write changes back by splicing the
 * original text so human formatting survives, render the `debrief init` skeleton, and manage the generated blocks
 * `debrief draft` maintains.
 * @module
 */

export {
  BLOCK_HASH_LENGTH,
  blockHash,
  findGeneratedBlocks,
  type GeneratedBlock,
  renderBlock,
} from "./generated-blocks.js";
export { type FrontMatterChange, frontMatterEdits } from "./front-matter-edit.js";
export { collectEvidenceRefs, guessCategory, impactKey, parsePostmortem } from "./parse-postmortem.js";
export type { ParsedPostmortem, ParseProblem } from "./parsed-postmortem.js";
export { matchFactorLevel, matchSectionHeading, normaliseHeading, STANDARD_SECTIONS } from "./sections.js";
export { detectEol, LineIndex, withEol } from "./source-text.js";
export { renderIncidentConfig, renderPostmortemSkeleton, SECTION_GUIDANCE, type SkeletonInput } from "./template.js";
export { applyEdits, type TextEdit } from "./text-edits.js";
export {
  replaceSectionBody,
  type SectionRange,
  sectionInsertPoint,
  sectionRange,
  setFrontMatter,
  writePostmortem,
} from "./write-postmortem.js";
