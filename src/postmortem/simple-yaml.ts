/**
 * A hand-written reader for the YAML subset post-mortem front matter is written in, giving exactly what the `yaml`
 * package's `parseDocument(text).toJS()` gives (YAML 1.2 core schema), plus where each top-level key starts. It is a
 * fast path, not a YAML implementation: the subset is a mapping of plain keys to
 * - plain, 'single' or "double" quoted scalars on one line,
 * - one-line flow sequences of such scalars (`[a, "b c"]`),
 * - block sequences of such scalars (`- a`, at the key's indentation or deeper),
 * - one level of nested mapping of such scalars or flow sequences (`window:` / `  start: ...`),
 *
 * with blank lines and `#` comments. Anything else (anchors, aliases, tags, block scalars, multi-line scalars,
 * deeper nesting, flow mappings, duplicate keys, tabs, odd escapes or characters) returns `undefined`, and the caller
 * parses with `yaml`, which also reports the errors.
 */
export interface SimpleYaml {
  /** The mapping as `toJS()` builds it. */
  value: Record<string, unknown>;
  /** Offset in the text of each top-level key (the start of its line), as `pair.key.range[0]`. */
  keyOffsets: Map<string, number>;
}

/** Returns the parsed mapping, or undefined when the text is outside the subset (see the module comment). */
export function readSimpleYaml(text: string): SimpleYaml | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const lines = splitLines(text);
  if (lines === undefined) return undefined;
  const value: Record<string, unknown> = {};
  const keyOffsets = new Map<string, number>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (isSkippable(line.text)) {
      i++;
      continue;
    }
    const entry = readKey(line.text, 0);
    if (entry === undefined || keyOffsets.has(entry.key)) return undefined;
    keyOffsets.set(entry.key, line.start);
    i++;
    if (entry.rest !== "") {
      const scalar = readInlineValue(entry.rest);
      if (scalar === NO) return undefined;
      // a more indented line after it (a multi-line scalar, or an error) fails readKey on the next turn
      value[entry.key] = scalar;
      continue;
    }
    const next = nextContent(lines, i);
    const nextText = next === undefined ? "" : (lines[next] as Line).text;
    const indent = next === undefined ? 0 : indentOf(nextText);
    if (next !== undefined && isItem(nextText, indent)) {
      const read = readBlockSequence(lines, next, indent);
      if (read === undefined) return undefined;
      value[entry.key] = read.items;
      i = read.end;
    } else if (indent > 0) {
      const read = readNestedMapping(lines, next as number, indent);
      if (read === undefined) return undefined;
      value[entry.key] = read.map;
      i = read.end;
    } else {
      value[entry.key] = null;
    }
  }
  return { value, keyOffsets };
}

// tabs (indentation rules), control characters, a byte-order mark, YAML 1.1 line breaks, a lone CR, and the document
// markers `---` / `...` are left to the full parser
const UNSUPPORTED = /[\t\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]|\r(?!\n)|^(?:---|\.\.\.)(?:[ \r\n]|$)/m;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// plain keys the core schema reads as something other than a string; __proto__ is set specially by toJS
const NON_STRING_KEYS = new Set([
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "__proto__",
]);
/** Marks a value outside the subset (undefined and null are values). */
const NO: unique symbol = Symbol("not simple");

interface Line {
  text: string;
  /** Offset of the line's first character in the whole text. */
  start: number;
}

function splitLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ text: text.slice(start, cut), start });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

/** Blank or a comment only. */
function isSkippable(line: string): boolean {
  const n = indentOf(line);
  return n === line.length || line.charCodeAt(n) === 35;
}

function nextContent(lines: readonly Line[], from: number): number | undefined {
  for (let i = from; i < lines.length; i++) if (!isSkippable((lines[i] as Line).text)) return i;
  return undefined;
}

/** A block sequence entry (`- x`) at exactly this indentation. */
function isItem(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === 45 && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 32);
}

/** `key:` at `indent`, with the text after the colon (trimmed of spaces; "" when nothing follows but a comment). */
function readKey(line: string, indent: number): { key: string; rest: string } | undefined {
  if (indentOf(line) !== indent) return undefined;
  const colon = line.indexOf(":", indent);
  if (colon === -1) return undefined;
  const key = line.slice(indent, colon);
  if (!KEY.test(key) || NON_STRING_KEYS.has(key)) return undefined;
  const after = line.charCodeAt(colon + 1);
  if (colon + 1 < line.length && after !== 32) return undefined;
  const rest = trimSpaces(line.slice(colon + 1));
  return { key, rest: rest.charCodeAt(0) === 35 ? "" : rest };
}

function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return s.slice(a, b);
}

function readBlockSequence(
  lines: readonly Line[],
  from: number,
  indent: number,
): { items: unknown[]; end: number } | undefined {
  const items: unknown[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const text = (lines[i] as Line).text;
    if (isSkippable(text)) continue;
    const n = indentOf(text);
    if (n < indent) break;
    if (n > indent || !isItem(text, indent)) {
      // a sequence at indentation 0 ends at the next key; anything else is outside the subset
      if (n === 0) break;
      return undefined;
    }
    const rest = trimSpaces(text.slice(indent + 1));
    if (rest === "" || rest.charCodeAt(0) === 35 || rest.charCodeAt(0) === 91) return undefined;
    const v = readInlineValue(rest);
    if (v === NO) return undefined;
    items.push(v);
  }
  if (indent > 0 && i < lines.length && indentOf((lines[i] as Line).text) !== 0) return undefined;
  return { items, end: i };
}

function readNestedMapping(
  lines: readonly Line[],
  from: number,
  indent: number,
): { map: Record<string, unknown>; end: number } | undefined {
  const map: Record<string, unknown> = {};
  const seen = new Set<string>();
  let i = from;
  for (; i < lines.length; i++) {
    const text = (lines[i] as Line).text;
    if (isSkippable(text)) continue;
    const n = indentOf(text);
    if (n === 0) break;
    const entry = readKey(text, indent);
    if (entry === undefined || seen.has(entry.key)) return undefined;
    seen.add(entry.key);
    // an empty value is null here: a more indented line after it fails readKey above
    const v = entry.rest === "" ? null : readInlineValue(entry.rest);
    if (v === NO) return undefined;
    map[entry.key] = v;
  }
  return { map, end: i };
}

/** A value written on the key's own line: a scalar or a flow sequence, with an optional trailing comment. */
function readInlineValue(rest: string): unknown {
  const c = rest.charCodeAt(0);
  if (c === 91) return readFlowSequence(rest);
  const read = readScalar(rest, false);
  if (read === undefined || !isEndOrComment(rest, read.end)) return NO;
  return read.value;
}

/** Only spaces, then nothing or a comment (which YAML requires to follow a space). */
function isEndOrComment(s: string, from: number): boolean {
  let i = from;
  while (s.charCodeAt(i) === 32) i++;
  return i === s.length || (s.charCodeAt(i) === 35 && i > from);
}

function readFlowSequence(rest: string): unknown {
  const close = rest.indexOf("]");
  if (close === -1 || !isEndOrComment(rest, close + 1)) return NO;
  const inner = rest.slice(1, close);
  if (trimSpaces(inner) === "") return [];
  const items: unknown[] = [];
  for (const part of inner.split(",")) {
    const item = trimSpaces(part);
    if (item === "") return NO;
    const read = readScalar(item, true);
    if (read === undefined || read.end !== item.length) return NO;
    items.push(read.value);
  }
  return items;
}

/** A scalar at the start of `s`: its value and where it ends (a plain scalar runs to a comment or the end). */
function readScalar(s: string, flow: boolean): { value: unknown; end: number } | undefined {
  const c = s.charCodeAt(0);
  if (c === 39) return readSingleQuoted(s);
  if (c === 34) return readDoubleQuoted(s);
  if (PLAIN_START_EXCLUDED.includes(s[0] as string)) return undefined;
  let end = s.length;
  const comment = s.indexOf(" #");
  if (comment !== -1) end = comment;
  const text = trimSpaces(s.slice(0, end));
  // ": " or a final ":" would make a mapping; flow context also reserves , [ ] { } and any ":" or "#"
  if (text.includes(": ") || text.endsWith(":")) return undefined;
  if (flow && /[[\]{},:#]/.test(text)) return undefined;
  return { value: resolvePlain(text), end: comment === -1 ? s.length : comment };
}

// indicators a plain scalar may not start with (or, for - ? :, only in ways this reader does not model)
const PLAIN_START_EXCLUDED = "-?:,[]{}#&*!|>'\"%@`";

function readSingleQuoted(s: string): { value: string; end: number } | undefined {
  let out = "";
  let i = 1;
  for (;;) {
    const q = s.indexOf("'", i);
    if (q === -1) return undefined;
    out += s.slice(i, q);
    if (s.charCodeAt(q + 1) === 39) {
      out += "'";
      i = q + 2;
      continue;
    }
    return { value: out, end: q + 1 };
  }
}

const DQ_ESCAPES: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "/": "/",
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  b: "\b",
  f: "\f",
};

function readDoubleQuoted(s: string): { value: string; end: number } | undefined {
  let out = "";
  let i = 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 34) return { value: out, end: i + 1 };
    if (c === 92) {
      const e = s[i + 1] ?? "";
      const simple = DQ_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(s.slice(i + 2, i + 6))) {
        const code = Number.parseInt(s.slice(i + 2, i + 6), 16);
        if (code >= 0xd800 && code <= 0xdfff) return undefined;
        out += String.fromCharCode(code);
        i += 6;
        continue;
      }
      return undefined;
    }
    out += s[i];
    i++;
  }
  return undefined;
}

// The core schema's tests, in the order the `yaml` package tries them.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Any of the core schema's non-string forms (the union of the tests above). */
const NON_STRING = new RegExp(
  `^(?:${[NULL, BOOL, INT_OCT, INT, INT_HEX, FLOAT_NAN, FLOAT_EXP, FLOAT].map((re) => re.source.slice(1, -1)).join("|")})$`,
);

/** A plain scalar's value under the YAML 1.2 core schema. */
function resolvePlain(text: string): unknown {
  // most values are words, dates and ids: one test rules out every other type
  if (!NON_STRING.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (INT_OCT.test(text)) return Number.parseInt(text.substring(2), 8);
  if (INT.test(text)) return Number.parseInt(text, 10);
  if (INT_HEX.test(text)) return Number.parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === "nan") return Number.NaN;
    return text[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}
