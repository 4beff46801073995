import { basename, dirname } from "node:path";
import type { Root } from "mdast";
import type * as Yaml from "yaml";
import { PostmortemFrontMatter, type SourcePosition } from "../model/postmortem.js";
import { lazyModule } from "../util/lazy-module.js";
import { yamlValue } from "../util/yaml-value.js";
import { startOf } from "./markdown-tree.js";
import type { SectionContext } from "./section-readers/section-reader.js";
import { readSimpleYaml } from "./simple-yaml.js";

// loaded only for front matter the simple reader declines: most documents never need it
const yaml = lazyModule<typeof Yaml>("yaml");

/**
 * The YAML front matter as the model's front matter: flat `key: value` blocks through the fast reader, anything else
 * through the yaml package; missing or invalid fields are reported and replaced by fallbacks (id from the folder).
 */
export function readFrontMatter(
  tree: Root,
  ctx: SectionContext,
  path: string,
  h1: string | null,
): { frontMatter: PostmortemFrontMatter; frontMatterPosition: SourcePosition | undefined } {
  const fallbackId = basename(dirname(path)) || basename(path).replace(/\.md$/i, "") || "postmortem";
  const node = tree.children[0]?.type === "yaml" ? tree.children[0] : undefined;
  const fallback = (): PostmortemFrontMatter =>
    PostmortemFrontMatter.parse({ id: fallbackId, title: h1 ?? fallbackId, severity: "" });
  if (!node) {
    ctx.problem("front-matter-missing", "no YAML front matter (--- id, title, severity, status, window ... ---)");
    return { frontMatter: fallback(), frontMatterPosition: undefined };
  }
  const position = ctx.nodePos(node);
  const yamlLine = (offset: number | undefined) => {
    // the YAML text starts on the line after the opening ---
    const p = ctx.lines.point(startOf(node));
    const inner = offset === undefined ? 0 : node.value.slice(0, offset).split(/\r?\n|\r/).length - 1;
    const line = p.line + 1 + inner;
    return { line, column: 1, endLine: line, endColumn: 1 };
  };
  let raw: Record<string, unknown>;
  let lineOfKey: (key: string) => SourcePosition;
  // nearly all front matter is flat key: value lines, which the hand-written reader takes at a fraction of the
  // cost of building a YAML document; it declines everything else, which goes to the yaml package
  const simple = readSimpleYaml(node.value);
  if (simple) {
    raw = normaliseScalars(simple.value) as Record<string, unknown>;
    lineOfKey = (key) => {
      const offset = simple.keyOffsets.get(key);
      return offset === undefined ? position : yamlLine(offset);
    };
  } else {
    const { isMap, isScalar, parseDocument } = yaml();
    const doc = parseDocument(node.value, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        ctx.problem(
          "front-matter-invalid",
          `front matter is not valid YAML: ${e.message.split("\n")[0]}`,
          yamlLine(e.pos[0]),
        );
      }
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    if (doc.contents !== null && !isMap(doc.contents)) {
      ctx.problem("front-matter-invalid", "front matter must be a YAML mapping of key: value pairs", position);
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    const value = yamlValue(doc);
    if (!value.ok) {
      ctx.problem("front-matter-invalid", `front matter is not valid YAML: ${value.message}`, position);
      return { frontMatter: fallback(), frontMatterPosition: position };
    }
    raw = normaliseScalars(value.value ?? {}) as Record<string, unknown>;
    lineOfKey = (key) => {
      if (!isMap(doc.contents)) return position;
      const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
      return pair && isScalar(pair.key) ? yamlLine(pair.key.range?.[0]) : position;
    };
  }
  for (const key of ["id", "title", "severity"] as const) {
    if (raw[key] === undefined || raw[key] === null || raw[key] === "") {
      ctx.problem("front-matter-field-missing", `front matter has no ${key}`, position);
    }
  }
  const candidate = {
    ...raw,
    id: raw.id ?? fallbackId,
    title: raw.title ?? h1 ?? fallbackId,
    severity: raw.severity ?? "",
  };
  let result = PostmortemFrontMatter.safeParse(candidate);
  if (!result.success) {
    const bad = new Set<string>();
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      bad.add(key);
      ctx.problem(
        "front-matter-field-invalid",
        `front matter ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        lineOfKey(key),
      );
    }
    const cleaned: Record<string, unknown> = { ...candidate };
    for (const key of bad) {
      if (key === "id") cleaned.id = fallbackId;
      else if (key === "title") cleaned.title = h1 ?? fallbackId;
      else if (key === "severity") cleaned.severity = "";
      else delete cleaned[key];
    }
    result = PostmortemFrontMatter.safeParse(cleaned);
  }
  return { frontMatter: result.success ? result.data : fallback(), frontMatterPosition: position };
}

/** YAML numbers/booleans where strings are expected (`id: 465`, `severity: 2`) are read as their text. */
function normaliseScalars(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : normaliseScalars(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (typeof v === "number" || typeof v === "boolean") && k !== "formatVersion" ? String(v) : normaliseScalars(v);
  }
  return out;
}
