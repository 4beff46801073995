import type { RedactionRule } from "./redaction-rule.js";

/** Placeholder-like values that are not secrets (`password=***`, `token: null`, `${API_KEY}`). */
const PLACEHOLDER =
  /^(null|none|nil|true|false|undefined|empty|redacted|masked|hidden|changeme|\*+|x+|\.+|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|%s|\{\{.*\}\})$/i;

/** A value after `token=` that looks like a credential rather than a word: long, or letters mixed with digits. */
function secretLooking(value: string): boolean {
  if (PLACEHOLDER.test(value) || value.startsWith("[REDACTED")) return false;
  if (value.length >= 16) return true;
  return value.length >= 8 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * Credentials: always masked in every excerpt Debrief writes. Order matters: multi-line and structured forms first,
 * so a PEM key inside a JSON string or a token inside a URL is masked once under its most specific kind.
 */
export const SECRET_RULES: readonly RedactionRule[] = [
  {
    kind: "private-key",
    class: "secret",
    // the END line may be missing when an excerpt was cut; then mask to the end of the base64 body
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|(?:\\n|[\s\r\n]|[A-Za-z0-9+/=:-])*)/g,
  },
  {
    kind: "url-password",
    class: "secret",
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@?#]{1,128}:)([^\s@/?#]{1,256})(?=@[\w.-])/gi,
    group: 2,
    accept: (v) => !PLACEHOLDER.test(v) && !v.startsWith("[REDACTED"),
  },
  {
    kind: "bearer-token",
    class: "secret",
    pattern:
      /\b((?:authorization|proxy-authorization|x-auth-token|x-api-key)["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest)?\s*)([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 2,
    accept: secretLooking,
  },
  {
    kind: "bearer-token",
    class: "secret",
    pattern: /\b(bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi,
    group: 2,
  },
  { kind: "jwt", class: "secret", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: "aws-access-key",
    class: "secret",
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[0-9A-Z]{16}\b/g,
  },
  {
    kind: "aws-secret-key",
    class: "secret",
    pattern:
      /\b((?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  { kind: "gcp-api-key", class: "secret", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  {
    kind: "gcp-oauth-token",
    class: "secret",
    pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g,
  },
  {
    kind: "azure-key",
    class: "secret",
    pattern: /\b((?:AccountKey|SharedAccessKey|SharedSecret)\s*=\s*)([A-Za-z0-9+/=]{20,})/g,
    group: 2,
  },
  {
    kind: "azure-key",
    class: "secret",
    // Azure AD client secrets: three characters, a digit, "Q~", then 31-34 more
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  },
  {
    kind: "azure-key",
    class: "secret",
    // SAS signatures in query strings
    pattern: /([?&]sig=)([A-Za-z0-9%+/=]{20,})/g,
    group: 2,
  },
  { kind: "github-token", class: "secret", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { kind: "github-token", class: "secret", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { kind: "slack-token", class: "secret", pattern: /\bxox[abprse]-[A-Za-z0-9-]{10,}/g },
  {
    kind: "slack-webhook",
    class: "secret",
    pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g,
  },
  { kind: "stripe-key", class: "secret", pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  {
    kind: "generic-secret",
    class: "secret",
    pattern:
      /\b((?:[A-Za-z0-9_.-]*?[_.-])?(?:api[_-]?key|apikey|access[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|token|secret|client[_-]?secret|password|passwd|pwd|passphrase|credentials?)["']?\s*[:=]\s*["']?)([^\s"'&,;}\]<>]+)/gi,
    group: 2,
    accept: secretLooking,
  },
];
