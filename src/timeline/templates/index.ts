/**
 * Log template mining: group log messages into templates with their variables masked as `<*>` (a Drain-like miner
 * written for Debrief), score it against Loghub ground truth, and find the templates that are new or surging in an
 * incident window.
 * @module
 */
export { normalizeTemplateText, type ParsingScores, scoreParsing } from "./accuracy.js";
export { collapseWildcards, maskMessage, maskWord, splitWords, WILDCARD } from "./mask.js";
export {
  type FileTemplate,
  type MinedLine,
  type MineFileOptions,
  type MineFileResult,
  mineTemplatesInFile,
} from "./mine-templates-in-file.js";
export {
  DEFAULT_NOVELTY_OPTIONS,
  findNovelTemplates,
  type NovelTemplate,
  type NoveltyOptions,
  type TemplateOccurrences,
  type TimeSpan,
} from "./novelty.js";
export {
  compatibleWords,
  DEFAULT_TEMPLATE_MINER_OPTIONS,
  generalizeWord,
  type MinedTemplate,
  type MiningResult,
  mineTemplates,
  TemplateMiner,
  type TemplateMinerOptions,
  templateIdOf,
} from "./template-miner.js";
export { templateToRegExp } from "./template-pattern.js";
