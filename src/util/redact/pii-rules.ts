import type { RedactionRule } from "./redaction-rule.js";

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const H = "[0-9A-Fa-f]{1,4}";

/**
 * Personal data, masked only with `--redact-pii`: e-mail addresses and IP addresses. Boundaries are strict so
 * version numbers (`v1.2.3.4`), times (`10:05:23`) and MAC addresses are not taken for addresses.
 */
export const PII_RULES: readonly RedactionRule[] = [
  {
    kind: "email",
    class: "pii",
    pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b/g,
  },
  {
    kind: "ipv6",
    class: "pii",
    pattern: new RegExp(
      `(?<![\\w:.])(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:|(?:${H}:){1,6}:${H}|(?:${H}:){1,5}(?::${H}){1,2}|(?:${H}:){1,4}(?::${H}){1,3}|(?:${H}:){1,3}(?::${H}){1,4}|(?:${H}:){1,2}(?::${H}){1,5}|${H}:(?::${H}){1,6}|::(?:${H}(?::${H}){0,6})?|::ffff:${OCTET}(?:\\.${OCTET}){3})(?:%[\\w.]+)?(?![\\w:])`,
      "g",
    ),
    // "::" alone, or in code (`std::map`), is not an address
    accept: (v) => v !== "::" && /[0-9]/.test(v),
  },
  {
    kind: "ipv4",
    class: "pii",
    pattern: new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, "g"),
  },
];
