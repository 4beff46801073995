import type { Root } from "mdast";
import type { Postmortem, SourcePosition } from "../model/postmortem.js";

/** Something in a post-mortem the parser could not map onto the model; data, not an exception. */
export interface ParseProblem {
  /** Stable id, e.g. `front-matter-invalid`, `section-unrecognised`, `table-row-malformed`. */
  code: string;
  message: string;
  position: SourcePosition | undefined;
}

/**
 * The result of parsing a post-mortem Markdown file (see `parse-postmortem.ts`). Lint rules, the writer, the index
 * and the renderers all start from this.
 */
export interface ParsedPostmortem {
  /** The file path as given (for messages). */
  path: string;
  /** The exact source text. */
  source: string;
  /** The model, with positions on every element that has one. */
  postmortem: Postmortem;
  /** The mdast tree (remark + GFM + front matter), for rules that need structure the model does not keep. */
  tree: Root;
  /** Position of the YAML front matter block, when present. */
  frontMatterPosition: SourcePosition | undefined;
  /** What could not be recognised. */
  problems: ParseProblem[];
}
