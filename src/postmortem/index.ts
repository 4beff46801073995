/**
 * The post-mortem document: parse Markdown into the model with source positions, write changes back by splicing the
 * original text so human formatting survives, render the `debrief init` skeleton, and manage the generated blocks
 * `debrief draft` maintains.
 * @module
 */

export {
  type AppliedDraft,
  applyDraft,
  type BlockOutcome,
  type FrontMatterFill,
  frontMatterFillChanges,
} from "./draft/apply-draft.js";
export { DRAFT_BLOCKS } from "./draft/blocks/index.js";
export type { BlockPlacement, DraftBlock, DraftBlockRenderer, DraftContext } from "./draft/draft-block.js";
export {
  type DraftIncidentOptions,
  type DraftIncidentResult,
  type DraftPlan,
  draftIncident,
  incidentWindow,
  type PlanDraftOptions,
  planDraft,
  saveDraft,
} from "./draft/draft-incident.js";
export { CollectManifest, type DraftTimeline, ManifestItem, parseManifest } from "./draft/draft-input.js";
export { readEvidenceLines } from "./draft/read-excerpts.js";
export { type FrontMatterChange, frontMatterEdits } from "./front-matter-edit.js";
export {
  BLOCK_HASH_LENGTH,
  blockHash,
  findGeneratedBlocks,
  type GeneratedBlock,
  renderBlock,
} from "./generated-blocks.js";
export {
  type InitEntry,
  type InitFlags,
  incidentId,
  initIncident,
  prepareInitInput,
} from "./init-incident.js";
export { collectEvidenceRefs, guessCategory, impactKey, parsePostmortem } from "./parse-postmortem.js";
export type { ParsedPostmortem, ParseProblem } from "./parsed-postmortem.js";
export {
  assertPostmortemSize,
  type DecodePostmortemOptions,
  decodePostmortem,
  firstInvalidUtf8,
  MAX_POSTMORTEM_BYTES,
  postmortemTooLarge,
  readPostmortemFile,
} from "./postmortem-file.js";
export { matchFactorLevel, matchSectionHeading, normaliseHeading, STANDARD_SECTIONS } from "./sections.js";
export { detectEol, LineIndex, withEol } from "./source-text.js";
export { renderIncidentConfig, renderPostmortemSkeleton, SECTION_GUIDANCE, type SkeletonInput } from "./template.js";
export { applyEdits, type TextEdit } from "./text-edits.js";
export {
  type ActionItemField,
  type ActionItemUpdate,
  addActionItemColumn,
  updateActionItems,
} from "./update-action-items.js";
export {
  replaceSectionBody,
  type SectionRange,
  sectionInsertPoint,
  sectionRange,
  setFrontMatter,
  writePostmortem,
} from "./write-postmortem.js";
