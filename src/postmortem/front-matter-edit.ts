import type { Root } from "mdast";
import { isMap, isScalar, type Pair, parseDocument, stringify, type YAMLMap } from "yaml";
import { parseMarkdownTree, startOf } from "./markdown-tree.js";
import { detectEol } from "./source-text.js";
import type { TextEdit } from "./text-edits.js";

/** A front-matter field to set: a key path (`["window", "end"]`) and its new value. */
export interface FrontMatterChange {
  path: string[];
  value: unknown;
}

type Ranged = { range?: [number, number, number] | null };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Render a value for an inline position (after `key: `): scalars plain or quoted as YAML needs, arrays in flow style.
 * Inside a flow collection a plain scalar may not hold `,`, brackets or braces, nor span lines (a sign-off by
 * "Smith, Dana" would split in two): such strings are written double-quoted there.
 */
function inlineYaml(value: unknown, inFlow = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => inlineYaml(v, true)).join(", ")}]`;
  if (isPlainObject(value)) {
    return `{ ${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${inlineYaml(v, true)}`)
      .join(", ")} }`;
  }
  const text = stringify(value ?? null, { lineWidth: 0 }).trimEnd();
  if (inFlow && typeof value === "string" && !/^["']/.test(text) && /[,[\]{}\n]|:(?:\s|$)|\s#/.test(text)) {
    return JSON.stringify(value);
  }
  return text;
}

/** `key: value` lines at an indent, each ending in `eol`; objects become nested blocks like the rest of the file. */
function blockYaml(key: string, value: unknown, indent: string, eol: string): string {
  if (isPlainObject(value)) {
    const inner = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => blockYaml(k, v, `${indent}  `, eol))
      .join("");
    return `${indent}${key}:${eol}${inner}`;
  }
  return `${indent}${key}: ${inlineYaml(value)}${eol}`;
}

function nest(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value);
}

/**
 * Text edits that set front-matter fields and leave every other byte of the file alone: an existing value is replaced
 * in place, a missing key is added as a new line at the end of its mapping, and a file without front matter gets a
 * new block at the top. Returns null when the front matter is not a valid YAML mapping (nothing is touched then).
 */
export function frontMatterEdits(source: string, changes: FrontMatterChange[], tree?: Root): TextEdit[] | null {
  if (changes.length === 0) return [];
  const eol = detectEol(source);
  const root = tree ?? parseMarkdownTree(source);
  const node = root.children[0]?.type === "yaml" ? root.children[0] : undefined;
  if (!node) {
    const at = source.charCodeAt(0) === 0xfeff ? 1 : 0;
    const body = changes.map((c) => blockYaml(c.path[0] ?? "", nest(c.path.slice(1), c.value), "", eol)).join("");
    return [{ start: at, end: at, text: `---${eol}${body}---${eol}${eol}` }];
  }
  const start = startOf(node);
  const contentStart = start + 3 + (source.startsWith("\r\n", start + 3) ? 2 : 1);
  const yamlText = node.value.length === 0 ? "" : source.slice(contentStart, contentStart + node.value.length);
  const doc = parseDocument(yamlText, { uniqueKeys: false });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return null;
  const rootMap = doc.contents as YAMLMap | null;

  const lineIndentOf = (offset: number) => {
    const lineStart = Math.max(yamlText.lastIndexOf("\n", offset - 1), yamlText.lastIndexOf("\r", offset - 1)) + 1;
    return yamlText.slice(lineStart, offset);
  };
  const edits: TextEdit[] = [];
  const push = (s: number, e: number, text: string) =>
    edits.push({ start: contentStart + s, end: contentStart + e, text });
  // Several keys appended to one mapping share an insertion point; they are joined into one edit in call order.
  // A nested mapping that ends the document shares its end offset with the root mapping: deeper keys go first so
  // they stay inside their parent.
  const appends = new Map<number, { depth: number; text: string }[]>();

  for (const change of changes) {
    let map: YAMLMap | null = rootMap;
    let indent = "";
    for (let i = 0; i < change.path.length; i++) {
      const key = change.path[i] ?? "";
      const rest = change.path.slice(i + 1);
      const pair = map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
      if (!pair) {
        const lines = blockYaml(key, nest(rest, change.value), indent, eol);
        const last = map?.items[map.items.length - 1];
        let at = 0;
        if (last) {
          const r = (last.value as Ranged | null)?.range ?? (last.key as Ranged | null)?.range ?? [0, 0, 0];
          at = r[2];
          while (at > r[1] && /[\r\n]/.test(yamlText[at - 1] ?? "")) at--;
        }
        const text = last ? `${eol}${lines.slice(0, lines.length - eol.length)}` : lines;
        const list = appends.get(at) ?? [];
        list.push({ depth: indent.length, text });
        appends.set(at, list);
        break;
      }
      const keyStart = (pair.key as Ranged).range?.[0] ?? 0;
      const keyEnd = (pair.key as Ranged).range?.[1] ?? 0;
      const valueRange = (pair.value as Ranged | null)?.range ?? null;
      if (rest.length > 0 && isMap(pair.value) && pair.value.items.length > 0) {
        map = pair.value;
        const firstKey = (pair.value.items[0]?.key as Ranged | null)?.range?.[0] ?? keyStart;
        indent = lineIndentOf(firstKey);
        continue;
      }
      const newValue = nest(rest, change.value);
      const childIndent = `${lineIndentOf(keyStart)}  `;
      const text = isPlainObject(newValue)
        ? `${eol}${Object.entries(newValue)
            .map(([k, v]) => blockYaml(k, v, childIndent, eol))
            .join("")
            .slice(0, -eol.length)}`
        : inlineYaml(newValue);
      if (valueRange && valueRange[1] > valueRange[0]) {
        push(valueRange[0], valueRange[1], isPlainObject(newValue) ? text : text);
        if (isPlainObject(newValue) && yamlText[valueRange[0] - 1] === " ") {
          // `window: ~` -> `window:` + block; drop the space before the old value
          const last = edits[edits.length - 1];
          if (last) last.start -= 1;
        }
      } else {
        // `key:` with nothing after the colon
        const colon = yamlText.indexOf(":", keyEnd);
        const at = colon === -1 ? keyEnd : colon + 1;
        push(at, at, isPlainObject(newValue) ? text : ` ${text}`);
      }
      break;
    }
  }
  for (const [at, list] of appends) {
    const ordered = [...list].sort((a, b) => b.depth - a.depth);
    push(at, at, ordered.map((x) => x.text).join(""));
  }
  return edits;
}
