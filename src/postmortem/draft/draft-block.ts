import type { EvidenceRef } from "../../model/common.js";
import type { SectionKey } from "../../model/postmortem.js";
import type { Redactor } from "../../util/redact/index.js";
import type { CollectManifest, DraftTimeline } from "./draft-input.js";

/** Everything a block renderer may use. */
export interface DraftContext {
  timeline: DraftTimeline;
  /** Masks secrets (and PII with --redact-pii) in every excerpt; counts what it masked. */
  redact: Redactor;
  /** `evidence/manifest.json`; undefined when there is none or it could not be read. */
  manifest: CollectManifest | undefined;
  /** Why `evidence/manifest.json` could not be read, when it exists but is broken. */
  manifestError: string | undefined;
  /** Raw evidence lines by `path:line`, for excerpts (already read by the caller). */
  excerpts: ReadonlyMap<string, string>;
  /** Depth for headings inside blocks (one below the document's section headings). */
  subheadingDepth: number;
}

/** Where in its section a block goes when it is first inserted. */
export type BlockPlacement = "start" | "end";

/**
 * One generated block of the post-mortem. Renderers are registered in `blocks/index.ts`; each returns the block's
 * Markdown (LF line endings, starting and ending with a line break) or null when the evidence has nothing for it.
 */
export interface DraftBlockRenderer {
  /** Block name in the markers, e.g. `timeline`. */
  name: string;
  section: SectionKey;
  placement: BlockPlacement;
  /**
   * Also add the block to a section that already holds human text (appended after it). Only for blocks that add to
   * a collection (the Appendix) and can never duplicate what a person wrote, unlike a second Timeline table.
   */
  appendToWrittenSection?: boolean;
  render(ctx: DraftContext): string | null;
}

/** A rendered block ready to be applied to a document. */
export interface DraftBlock {
  name: string;
  section: SectionKey;
  placement: BlockPlacement;
  content: string;
  /** See {@link DraftBlockRenderer.appendToWrittenSection}. */
  appendToWrittenSection?: boolean;
}

/** Key used for excerpt lookups. */
export function refKey(ref: EvidenceRef): string {
  return `${ref.path}:${ref.line}`;
}
