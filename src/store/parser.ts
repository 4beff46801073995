import { parsePostmortem } from "../postmortem/index.js";
import { type PostmortemParser, readStandardPostmortem } from "./fast-reader.js";

/** The project's full post-mortem parser (remark-based), as the index calls it. */
export const fullPostmortemParser: PostmortemParser = (source, path) => {
  const parsed = parsePostmortem(source, path);
  return { postmortem: parsed.postmortem, problems: parsed.problems };
};

/**
 * The parser the index uses by default: the fast reader for documents in the exact standard template, the full
 * parser for everything else.
 */
export const defaultPostmortemParser: PostmortemParser = (source, path) =>
  readStandardPostmortem(source) ?? fullPostmortemParser(source, path);
