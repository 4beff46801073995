/**
 * Redaction of secrets and (optionally) personal data in every excerpt Debrief writes into documents and reports.
 * @module
 */
export { PII_RULES } from "./pii-rules.js";
export {
  addCounts,
  createRedactor,
  REDACTION_RULES,
  type RedactionCounts,
  type RedactOptions,
  type Redactor,
  type RedactResult,
  redact,
} from "./redact.js";
export { redactDeep } from "./redact-deep.js";
export { mask, type RedactionRule } from "./redaction-rule.js";
export { SECRET_RULES } from "./secret-rules.js";
