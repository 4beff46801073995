import type { Nodes, Parent, PhrasingContent } from "mdast";
import type { ParsedPostmortem } from "../postmortem/index.js";
import { BlameDetector, type BlameHit, type BlameOptions } from "./language/blame-detector.js";
import type { LintConfig } from "./lint-config.js";

/** A run of prose from one block (paragraph, heading, table cell) with a map back to source offsets. */
export interface ProseSegment {
  /** The text as read: inline code replaced by the word `CODE`, markup removed. */
  text: string;
  /** `[textOffset, sourceOffset, length, exact]` pieces, in order. */
  pieces: readonly (readonly [number, number, number, boolean])[];
}

/** Blame hits with source offsets. */
export interface DocumentBlameHit extends BlameHit {
  /** Source offset of the phrase start. */
  sourceStart: number;
  /** Source offset of the phrase end. */
  sourceEnd: number;
}

/** The language view of one document, shared by the `blameless/*` rules. */
export interface DocumentLanguage {
  segments: readonly ProseSegment[];
  blame: readonly DocumentBlameHit[];
}

/** Split the document into checkable prose: skips code, inline code, HTML comments and guidance blockquotes. */
export function proseSegments(parsed: ParsedPostmortem): ProseSegment[] {
  const segments: ProseSegment[] = [];
  visitProse(parsed.tree, segments);
  return segments;
}

// Module-level recursive functions rather than closures per call: this runs for every document linted.
function visitProse(node: Nodes, segments: ProseSegment[]): void {
  switch (node.type) {
    case "code":
    case "html":
    case "yaml":
    case "definition":
      return;
    case "blockquote":
      // a blockquote is reported speech (a chat message, an alert, a customer's words) or quoted guidance: what the
      // quoted person said is evidence, not the document's own verdict
      return;
    case "tableRow": {
      // a timeline row ("| 13:19 | mkhan | Self-merges bad change |") is read as one sentence: who did what
      const first = node.children[0];
      if (first && TIME_CELL.test(plain(first))) {
        const b: SegmentBuilder = { text: "", pieces: [] };
        for (const cell of node.children) {
          for (const child of cell.children as Nodes[]) walkInline(b, child);
          b.text += " ";
        }
        if (b.text.trim().length > 0) segments.push({ text: b.text, pieces: b.pieces });
        return;
      }
      break;
    }
    case "paragraph":
    case "heading":
    case "tableCell": {
      const seg = inlineSegment(node);
      if (seg.text.trim().length > 0) segments.push(seg);
      return;
    }
    default:
      break;
  }
  if ("children" in node) for (const child of node.children as Nodes[]) visitProse(child, segments);
}

/** A table cell holding a time of day, "13:19", "**13:19**" or "2025-02-09 13:19": the row is a timeline entry. */
const TIME_CELL = /^\s*\**\s*(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}/;

function plain(node: Nodes): string {
  if (node.type === "text") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(plain).join(" ");
  return "";
}

interface SegmentBuilder {
  text: string;
  pieces: [number, number, number, boolean][];
}

function pushPiece(b: SegmentBuilder, value: string, node: Nodes, exact: boolean): void {
  const start = node.position?.start.offset ?? 0;
  b.pieces.push([b.text.length, start, value.length, exact]);
  b.text += value;
}

function walkInline(b: SegmentBuilder, node: PhrasingContent | Nodes): void {
  switch (node.type) {
    case "text": {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      const exact = start !== undefined && end !== undefined && end - start === node.value.length;
      pushPiece(b, node.value, node, exact);
      return;
    }
    case "inlineCode":
      pushPiece(b, " CODE ", node, false);
      return;
    case "break":
      pushPiece(b, " ", node, false);
      return;
    case "html":
    case "image":
    case "imageReference":
    case "footnoteReference":
      return;
    default:
      if ("children" in node) for (const child of node.children as Nodes[]) walkInline(b, child);
  }
}

function inlineSegment(block: Parent): ProseSegment {
  const b: SegmentBuilder = { text: "", pieces: [] };
  for (const child of block.children as Nodes[]) walkInline(b, child);
  return { text: b.text, pieces: b.pieces };
}

/** Map an offset in a segment's text back to the source. */
export function toSourceOffset(segment: ProseSegment, offset: number, isEnd = false): number {
  let best: readonly [number, number, number, boolean] | undefined;
  for (const p of segment.pieces) {
    if (p[0] <= offset - (isEnd ? 1 : 0)) best = p;
    else break;
  }
  if (!best) return segment.pieces[0]?.[1] ?? 0;
  const [textStart, srcStart, length, exact] = best;
  if (!exact) return srcStart;
  return srcStart + Math.min(length, offset - textStart);
}

/** The blame detector for a configuration, built once and shared by every document and rule that uses it. */
export function blameDetector(cfg: LintConfig): BlameDetector {
  const incident = cfg.incidentPeople ?? [];
  return detectorFor(cfg, {
    judgmentalWords: cfg.judgmentalWords,
    allowPhrases: cfg.allowPhrases,
    people: incident.length > 0 ? [...cfg.people, ...incident] : cfg.people,
    peopleComplete: incident.length > 0,
  });
}

const detectors = new WeakMap<object, BlameDetector>();

/**
 * One detector per configuration object (building one compiles the team's word list), so linting many files with
 * the same configuration does not rebuild it per file.
 */
export function detectorFor(key: object, options: BlameOptions): BlameDetector {
  let d = detectors.get(key);
  if (!d) {
    d = new BlameDetector(options);
    detectors.set(key, d);
  }
  return d;
}

/** Compute the language view of a document with the team's blame options (or a shared detector). */
export function analyseDocument(parsed: ParsedPostmortem, options: BlameOptions | BlameDetector): DocumentLanguage {
  const detector = options instanceof BlameDetector ? options : new BlameDetector(options);
  const segments = proseSegments(parsed);
  const blame: DocumentBlameHit[] = [];
  for (const seg of segments) {
    for (const hit of detector.detectInText(seg.text)) {
      const sourceStart = toSourceOffset(seg, hit.start);
      const sourceEnd = Math.max(sourceStart + 1, toSourceOffset(seg, hit.end, true));
      blame.push({ ...hit, sourceStart, sourceEnd });
    }
  }
  return { segments, blame };
}
