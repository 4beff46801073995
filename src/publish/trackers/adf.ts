/**
 * The small part of Atlassian Document Format that issue bodies need: paragraphs, line breaks, block quotes and
 * links. https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

/** An ADF node. */
export interface AdfNode {
  version?: number;
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

const URL_RE = /https?:\/\/[^\s<>()]+/g;

function inline(line: string): AdfNode[] {
  const out: AdfNode[] = [];
  let at = 0;
  // `**bold**` and backticks are Markdown decoration here: keep the words, drop the marks
  const plain = line.replace(/\*\*([^*]+)\*\*/g, "$1").replace(/`([^`]+)`/g, "$1");
  for (const m of plain.matchAll(URL_RE)) {
    if (m.index > at) out.push({ type: "text", text: plain.slice(at, m.index) });
    out.push({ type: "text", text: m[0], marks: [{ type: "link", attrs: { href: m[0] } }] });
    at = m.index + m[0].length;
  }
  if (at < plain.length) out.push({ type: "text", text: plain.slice(at) });
  return out;
}

function paragraph(lines: string[]): AdfNode {
  const content: AdfNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: "hardBreak" });
    content.push(...inline(line));
  });
  return { type: "paragraph", content };
}

/** Markdown-ish text (blank-line separated paragraphs, `> ` quotes) as an ADF document. */
export function toAdf(text: string): AdfNode {
  const content: AdfNode[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith(">"))) {
      content.push({ type: "blockquote", content: [paragraph(lines.map((l) => l.replace(/^>\s?/, "")))] });
    } else content.push(paragraph(lines));
  }
  return { type: "doc", version: 1, content };
}

/** The plain text of an ADF document (what a replay server or a marker search reads). */
export function adfText(node: unknown): string {
  if (node === null || typeof node !== "object") return typeof node === "string" ? node : "";
  const n = node as AdfNode;
  if (n.type === "text") return n.text ?? "";
  if (n.type === "hardBreak") return "\n";
  const inner = (n.content ?? []).map(adfText).join(n.type === "doc" || n.type === "blockquote" ? "\n\n" : "");
  return inner;
}
