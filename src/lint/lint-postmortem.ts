import { DebriefError } from "../model/debrief-error.js";
import type { SourcePosition } from "../model/postmortem.js";
import type { ParsedPostmortem } from "../postmortem/index.js";
import { lineIndexOf } from "../postmortem/parse-postmortem.js";
import { analyseDocument, blameDetector, type DocumentLanguage } from "./document-language.js";
import { isSuppressed, readDirectives } from "./inline-directives.js";
import { defaultLintConfig, type LintConfig, type LintConfigFile, resolveLintConfig } from "./lint-config.js";
import type { LintFinding, LintSeverity, RuleContext, RuleReport } from "./lint-types.js";
import { LINT_RULES } from "./rules/index.js";

const SOFTER: Record<LintSeverity, LintSeverity> = { error: "warning", warning: "info", info: "info" };
const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

let defaultConfig: LintConfig | undefined;

function asConfig(config: LintConfig | LintConfigFile | undefined): LintConfig {
  if (config === undefined) {
    defaultConfig ??= defaultLintConfig(LINT_RULES);
    return defaultConfig;
  }
  if (config.rules instanceof Map) return config as LintConfig;
  return resolveLintConfig(config, LINT_RULES, undefined, undefined);
}

export { blameDetector };

const withNames = new WeakMap<LintConfig, Map<string, LintConfig>>();

/**
 * The configuration with more people added (the front matter's authors and reviewers, or the incident's people), one
 * object per set of names so that the detector built for it is shared by every document with the same names.
 * @param complete the names are everyone in the incident
 */
export function withPeople(cfg: LintConfig, names: readonly string[], complete: boolean): LintConfig {
  if (names.length === 0) return cfg;
  const key = `${complete ? "1" : "0"}\u0000${names.join("\u0000")}`;
  let byKey = withNames.get(cfg);
  if (!byKey) {
    byKey = new Map();
    withNames.set(cfg, byKey);
  }
  let out = byKey.get(key);
  if (!out) {
    out = complete
      ? { ...cfg, incidentPeople: [...(cfg.incidentPeople ?? []), ...names] }
      : { ...cfg, people: [...cfg.people, ...names] };
    // bounded: a long run over many incidents keeps only recent sets
    if (byKey.size > 256) byKey.clear();
    byKey.set(key, out);
  }
  return out;
}

/**
 * Lint one parsed post-mortem. Pure: reads nothing from disk and never prints.
 * @param parsed the result of `parsePostmortem`
 * @param config a resolved configuration (from `loadLintConfig`) or a plain `.debriefrc.yaml`-shaped object; every
 *   rule at its default when omitted
 * @returns findings sorted by position, with inline `debrief-disable` comments applied
 * @throws DebriefError CONFIG_INVALID when a plain config object is invalid
 */
export function lintPostmortem(parsed: ParsedPostmortem, config?: LintConfig | LintConfigFile): LintFinding[] {
  const fm = parsed.postmortem.frontMatter;
  // the document's own authors and reviewers are people too ("Priya" in `authors:` is not a product)
  const cfg = withPeople(asConfig(config), [...(fm.authors ?? []), ...(fm.reviewers ?? [])], false);
  const lines = lineIndexOf(parsed);
  // most documents have no directives: skip the tree walk unless the marker appears at all
  const directives = parsed.source.includes("debrief-") ? readDirectives(parsed.tree) : [];
  let language: DocumentLanguage | undefined;
  const getLanguage = (): DocumentLanguage => {
    language ??= analyseDocument(parsed, blameDetector(cfg));
    return language;
  };
  const findings: LintFinding[] = [];
  for (const rule of LINT_RULES) {
    const setting = cfg.rules.get(rule.id);
    const severity = setting?.severity ?? rule.defaultSeverity;
    if (severity === "off") continue;
    const report = (r: RuleReport): void => {
      let pos: SourcePosition;
      let offset: number;
      if (r.range) {
        pos = lines.position(r.range[0], r.range[1]);
        offset = r.range[0];
      } else if (r.position) {
        pos = r.position;
        offset = lines.offset(pos.line, pos.column);
      } else {
        pos = { line: 1, column: 1, endLine: 1, endColumn: 1 };
        offset = Number.POSITIVE_INFINITY;
      }
      if (directives.length > 0 && isSuppressed(directives, rule.id, pos.line, offset)) return;
      findings.push({
        file: parsed.path,
        line: pos.line,
        column: pos.column,
        endLine: pos.endLine,
        endColumn: pos.endColumn,
        rule: rule.id,
        severity: r.soften ? SOFTER[severity] : severity,
        message: r.message,
        hint: r.hint ?? rule.help,
      });
    };
    const ctx: RuleContext = {
      parsed,
      options: setting?.options ?? {},
      config: cfg,
      lines,
      language: getLanguage,
      report,
    };
    try {
      rule.check(ctx);
    } catch (error) {
      throw new DebriefError("INTERNAL", `lint rule ${rule.id} failed: ${(error as Error).message}`, {
        location: { path: parsed.path },
        cause: error,
      });
    }
  }
  findings.sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
  return findings;
}
