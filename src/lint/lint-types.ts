import type { z } from "zod";
import type { SourcePosition } from "../model/postmortem.js";
import type { LineIndex, ParsedPostmortem } from "../postmortem/index.js";
import type { DocumentLanguage } from "./document-language.js";
import type { LintConfig } from "./lint-config.js";

/** How much a finding matters: `error` fails CI (exit 1), `warning` and `info` do not. */
export type LintSeverity = "error" | "warning" | "info";

/** Severities from most to least severe. */
export const LINT_SEVERITIES: readonly LintSeverity[] = ["error", "warning", "info"];

/** One problem found in one post-mortem. Lines and columns are 1-based; the end column is exclusive. */
export interface LintFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Rule id, `namespace/name`. */
  rule: string;
  severity: LintSeverity;
  message: string;
  /** What to do about it. */
  hint: string;
}

/** What a rule reports; the engine adds the file, the rule id and the configured severity. */
export interface RuleReport {
  message: string;
  /** Overrides the rule's generic hint. */
  hint?: string;
  /** Where, as a model position; defaults to the start of the document. */
  position?: SourcePosition | undefined;
  /** Where, as source offsets `[start, end)`; wins over `position`. */
  range?: readonly [number, number];
  /** One level less severe than configured (e.g. a vague item that at least has an owner and a ticket). */
  soften?: boolean;
}

/** Everything a rule gets to look at. */
export interface RuleContext<Options = Record<string, unknown>> {
  parsed: ParsedPostmortem;
  /** The rule's options, validated and with defaults applied. */
  options: Options;
  /** Resolved configuration (people, words), shared by all rules. */
  config: LintConfig;
  /** Offsets to line/column. */
  lines: LineIndex;
  /** Prose segments and blame analysis, computed once per document on first use. */
  language(): DocumentLanguage;
  report(report: RuleReport): void;
}

/** A lint rule: one file under `src/lint/rules/<namespace>/<name>.ts`, registered in `rules/index.ts`. */
export interface LintRule<Options = Record<string, unknown>> {
  /** `namespace/name`, e.g. `blameless/counterfactual`. */
  id: string;
  /** One line for `--list-rules` and SARIF `shortDescription`. */
  description: string;
  /** Why it matters and how to fix it (SARIF `help`, the default hint). */
  help: string;
  defaultSeverity: LintSeverity;
  /** Validates `options` from `.debriefrc.yaml` and fills defaults. */
  options?: z.ZodType<Options>;
  check(ctx: RuleContext<Options>): void;
}

/** A rule whose options type has been erased, as stored in the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules with different option shapes
export type AnyLintRule = LintRule<any>;
