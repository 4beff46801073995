import { parsePostmortem } from "../postmortem/index.js";
import type { PostmortemParser } from "./fallback-parser.js";

/** The parser the index uses by default: the project's remark-based post-mortem parser. */
export const defaultPostmortemParser: PostmortemParser = (source, path) => {
  const parsed = parsePostmortem(source, path);
  return { postmortem: parsed.postmortem, problems: parsed.problems };
};
