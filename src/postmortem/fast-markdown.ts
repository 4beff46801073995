import type { Root } from "mdast";
import { FastParser } from "./fast-block-parser.js";
import { BAIL, UNSUPPORTED_CHARS } from "./fast-markdown-common.js";

/**
 * A hand-written parser for the Markdown subset post-mortems are written in, producing the same mdast tree (positions
 * included) as remark-parse + remark-gfm + remark-frontmatter. It is a fast path, not a Markdown implementation: as
 * soon as it meets anything whose CommonMark/GFM meaning it does not model exactly (setext headings, indented code,
 * reference definitions, footnotes, images, raw HTML other than comments, e-mail autolinks, strikethrough, entities,
 * tabs, lazy continuation lines, link titles, ...) it returns `undefined` and the caller parses with remark.
 * Expects the text without a leading byte-order mark.
 */
export function fastParseMarkdown(source: string): Root | undefined {
  if (source.length === 0 || UNSUPPORTED_CHARS.test(source)) return undefined;
  try {
    return new FastParser(source).parse();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}
