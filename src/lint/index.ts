/**
 * `debrief lint`: checks a post-mortem the way a seasoned reviewer would (structure, timeline, factors, five whys,
 * action items, blameless language, follow-through), with configuration, inline disables and CI-friendly output.
 * @module
 */
export { analyseDocument, type DocumentLanguage, proseSegments } from "./document-language.js";
export * from "./formatters/index.js";
export { incidentPeople } from "./incident-people.js";
export { type InlineDirective, isSuppressed, readDirectives } from "./inline-directives.js";
export {
  type ActionItemVerdict,
  classifyActionItem,
  type VagueReason,
} from "./language/action-item-vagueness.js";
export {
  BLAME_CATEGORIES,
  type BlameCategory,
  BlameDetector,
  type BlameHit,
  type BlameOptions,
  type NameOracle,
} from "./language/blame-detector.js";
export { PersonLexicon, type Referent } from "./language/person-lexicon.js";
export { pastParticiple, suggestRewrite } from "./language/rewrite.js";
export { splitSentences, tokenize } from "./language/tokenize.js";
export {
  defaultLintConfig,
  findLintConfig,
  LINT_CONFIG_FILE_NAMES,
  type LintConfig,
  LintConfigFile,
  loadLintConfig,
  type RuleConfig,
  resolveLintConfig,
} from "./lint-config.js";
export {
  decodePostmortem,
  type LintFileResult,
  type LintFilesOptions,
  type LintResult,
  lintFiles,
} from "./lint-files.js";
export { blameDetector, lintPostmortem, withPeople } from "./lint-postmortem.js";
export type { AnyLintRule, LintFinding, LintRule, LintSeverity, RuleContext, RuleReport } from "./lint-types.js";
export { LINT_SEVERITIES } from "./lint-types.js";
export { findRule, LINT_RULES } from "./rules/index.js";
