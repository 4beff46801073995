import type { Postmortem } from "../model/postmortem.js";
import { parsePostmortem } from "../postmortem/index.js";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";

/** What the indexer needs from a post-mortem parser: the model and the problems. */
export interface PostmortemParseResult {
  postmortem: Postmortem;
  problems: ParseProblem[];
}

/** A post-mortem parser as the indexer calls it. */
export type PostmortemParser = (source: string, path: string) => PostmortemParseResult;

/** The project's post-mortem parser (the fast Markdown parser, remark where it declines), as the index calls it. */
export const fullPostmortemParser: PostmortemParser = (source, path) => {
  const parsed = parsePostmortem(source, path);
  return { postmortem: parsed.postmortem, problems: parsed.problems };
};

/**
 * The parser the index uses by default: the full parser. (A separate line-based reader for standard-template
 * documents used to come first; once `parsePostmortem` had its own fast Markdown path the line reader was slower,
 * 1.95 s against 1.4 s of CPU for 1,000 generated post-mortems, and it was removed.)
 */
export const defaultPostmortemParser: PostmortemParser = fullPostmortemParser;
