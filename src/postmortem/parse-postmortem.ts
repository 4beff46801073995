import type { Heading, Root } from "mdast";
import {
  emptyPostmortem,
  type Postmortem,
  type PostmortemFrontMatter,
  type PostmortemSection,
  type SectionKey,
} from "../model/postmortem.js";
import { collectEvidenceRefs } from "./evidence-refs.js";
import { readFrontMatter } from "./front-matter-reader.js";
import { endOf, parseMarkdownTree, plainText, startOf } from "./markdown-tree.js";
import type { ParsedPostmortem, ParseProblem } from "./parsed-postmortem.js";
import { postmortemTooLarge } from "./postmortem-file.js";
import { SECTION_READERS } from "./section-readers/index.js";
import type { SectionContext, SectionReader } from "./section-readers/section-reader.js";
import { normaliseHeading } from "./sections.js";
import { LineIndex } from "./source-text.js";
import { splitSections } from "./split-sections.js";

// re-exported from their own modules: callers have always found them here
export { collectEvidenceRefs } from "./evidence-refs.js";
export { guessCategory } from "./section-readers/factors-reader.js";
export { impactKey } from "./section-readers/impact-reader.js";

/** Readers by section key, worked out once per registry. */
const READERS_BY_KEY = new WeakMap<readonly SectionReader[], Map<SectionKey, SectionReader>>();

function readersByKey(readers: readonly SectionReader[]): Map<SectionKey, SectionReader> {
  let map = READERS_BY_KEY.get(readers);
  if (!map) {
    map = new Map(readers.map((r) => [r.key, r]));
    READERS_BY_KEY.set(readers, map);
  }
  return map;
}

/**
 * Parse a post-mortem written in Markdown into the model, with a source position on every element. Never throws:
 * anything that cannot be mapped (unknown headings, prose where a table was expected, invalid front matter) is
 * reported in `problems` and the rest is still returned, so lint and the index work on post-mortems written by hand
 * in other templates.
 * @param source the exact file text (CRLF, BOM and unicode are kept as they are)
 * @param path the file path, used in messages and to derive an id when the front matter has none
 * @param readers the section readers (default {@link SECTION_READERS})
 */
export function parsePostmortem(
  source: string,
  path: string,
  readers: readonly SectionReader[] = SECTION_READERS,
): ParsedPostmortem {
  const lines = new LineIndex(source);
  const problems: ParseProblem[] = [];
  const byKey = readersByKey(readers);
  const ctx: SectionContext = {
    source,
    lines,
    problems,
    pos: (s, e) => lines.position(s, e),
    nodePos: (n) => lines.position(startOf(n), endOf(n)),
    problem: (code, message, position) => problems.push({ code, message, position }),
  };
  let tree: Root;
  const tooLarge = postmortemTooLarge(source.length);
  try {
    // past the size limit nothing is parsed (time and memory grow with the tree): the document reads as empty,
    // with the reason as its one problem, and callers that read files refuse it before parsing
    tree = tooLarge === undefined ? parseMarkdownTree(source) : { type: "root", children: [] };
    if (tooLarge !== undefined) ctx.problem("document-too-large", tooLarge);
  } catch (error) {
    // micromark is total over strings, but a parser bug must not take the whole tool down with it
    tree = { type: "root", children: [] };
    ctx.problem("markdown-unparseable", `the Markdown could not be parsed: ${(error as Error).message}`);
  }

  const spans = splitSections(tree, source);
  const firstH1 = tree.children.find((n): n is Heading => n.type === "heading" && n.depth === 1);
  const { frontMatter, frontMatterPosition } = readFrontMatter(tree, ctx, path, firstH1 ? plainText(firstH1) : null);

  const sections: PostmortemSection[] = [];
  const seen = new Map<SectionKey, PostmortemSection>();
  const pm: Postmortem = emptyPostmortem(frontMatter, sections);

  for (const span of spans) {
    const heading = span.headingText;
    const section: PostmortemSection = {
      key: span.key,
      heading,
      depth: span.heading.depth,
      markdown: source.slice(span.bodyStart, span.end),
      position: ctx.pos(span.start, span.end),
    };
    sections.push(section);
    if (span.key === null) {
      ctx.problem(
        "section-unrecognised",
        `heading "${heading}" is not one of the standard post-mortem sections; its text is kept but not interpreted`,
        ctx.nodePos(span.heading),
      );
      continue;
    }
    const earlier = seen.get(span.key);
    // "Root Causes" + "Trigger" or "Overview" + "What Happened" are one section written in two parts; only a heading
    // repeated under the same name is likely a copy-paste slip worth reporting
    if (earlier && normaliseHeading(earlier.heading) === normaliseHeading(heading)) {
      ctx.problem(
        "section-duplicate",
        `heading "${heading}" repeats the ${span.key} section already started at line ${earlier.position.line}; both are read`,
        ctx.nodePos(span.heading),
      );
    } else if (!earlier) {
      seen.set(span.key, section);
    }
    byKey.get(span.key)?.read(span, pm, ctx);
  }

  pm.evidence = collectEvidenceRefs(tree);
  const result: ParsedPostmortem = { path, source, postmortem: pm, tree, frontMatterPosition, problems };
  ORIGINALS.set(result, {
    sections: sections.map((s) => ({ ...s, position: { ...s.position } })),
    frontMatter: cloneData(frontMatter) as PostmortemFrontMatter,
    source,
    lines,
  });
  return result;
}

/**
 * What each parse result looked like when it was made, so the writer can tell which sections and front-matter keys a
 * caller changed without parsing the source a second time; and the line index it was made with, so lint need not
 * index the same text again.
 */
const ORIGINALS = new WeakMap<
  ParsedPostmortem,
  { sections: PostmortemSection[]; frontMatter: PostmortemFrontMatter; source: string; lines: LineIndex }
>();

/** The sections and front matter of a parse result as parsed (before any caller changes); undefined for copies. */
export function originalOf(
  parsed: ParsedPostmortem,
): { sections: PostmortemSection[]; frontMatter: PostmortemFrontMatter } | undefined {
  const original = ORIGINALS.get(parsed);
  return original && { sections: original.sections, frontMatter: original.frontMatter };
}

/** A line index of the parse result's source: the parser's own while the source is the one it parsed. */
export function lineIndexOf(parsed: ParsedPostmortem): LineIndex {
  const original = ORIGINALS.get(parsed);
  return original !== undefined && original.source === parsed.source ? original.lines : new LineIndex(parsed.source);
}

/**
 * A deep copy of parsed front matter, as `structuredClone` makes it (plain objects, arrays and primitives, own
 * enumerable keys, `__proto__` kept as a key) at a fraction of its cost; anything else goes to `structuredClone`.
 */
function cloneData(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneData);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = cloneData((value as Record<string, unknown>)[key]);
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}
