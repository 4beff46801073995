import type { LintResult } from "../lint-files.js";
import type { AnyLintRule } from "../lint-types.js";

/** Turns a lint result into text for stdout. One file per format, registered in `formatters/index.ts`. */
export interface LintFormatter {
  /** The `--format` value. */
  name: string;
  /**
   * @param result what was found
   * @param rules the rule registry (for SARIF rule metadata)
   * @param options `color` for terminal styling, `toolVersion` for SARIF
   */
  format(
    result: LintResult,
    rules: readonly AnyLintRule[],
    options?: { color?: boolean; toolVersion?: string },
  ): string;
}
