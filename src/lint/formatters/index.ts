import { jsonFormatter } from "./json-formatter.js";
import type { LintFormatter } from "./lint-formatter.js";
import { sarifFormatter } from "./sarif-formatter.js";
import { textFormatter } from "./text-formatter.js";

export type { LintFormatter } from "./lint-formatter.js";
export { SARIF_SCHEMA } from "./sarif-formatter.js";
export { jsonFormatter, sarifFormatter, textFormatter };

/** Every output format, by `--format` name. */
export const LINT_FORMATTERS: readonly LintFormatter[] = [textFormatter, jsonFormatter, sarifFormatter];

/** Look a formatter up by name. */
export function findFormatter(name: string): LintFormatter | undefined {
  return LINT_FORMATTERS.find((f) => f.name === name);
}
