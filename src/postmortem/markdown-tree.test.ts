import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { parseMarkdownTree, parseMarkdownTreeWithRemark, plainText, walk } from "./markdown-tree.js";
import { collectEvidenceRefs } from "./parse-postmortem.js";
import { LineIndex } from "./source-text.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// The straightforward versions the tuned ones replace: every tuned function must agree with them exactly.

function plainTextReference(node: Nodes): string {
  let out = "";
  const stack: (Nodes | string)[] = [node];
  while (stack.length > 0) {
    const item = stack.pop() as Nodes | string;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    if (item.type === "text" || item.type === "inlineCode" || item.type === "code") out += item.value;
    else if (item.type === "break") out += " ";
    else if (item.type === "image") out += item.alt ?? "";
    else if (item.type !== "html" && item.type !== "yaml" && "children" in item) {
      const children = item.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i] as Nodes;
        if (/^(paragraph|heading|list|listItem|table|tableRow|tableCell|blockquote|code)$/.test(c.type)) {
          stack.push(" ", c, " ");
        } else stack.push(c);
      }
    }
  }
  return out.replace(/\s+/g, " ").trim();
}

function preOrderReference(node: Nodes, parent: Nodes | undefined, out: [Nodes, Nodes | undefined][]): void {
  out.push([node, parent]);
  if ("children" in node) for (const c of node.children as Nodes[]) preOrderReference(c, node, out);
}

function lineStartsReference(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function allNodes(root: Nodes): Nodes[] {
  const out: [Nodes, Nodes | undefined][] = [];
  preOrderReference(root, undefined, out);
  return out.map(([n]) => n);
}

function repositoryMarkdown(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      // bench/data holds generated, git-ignored inputs (the hostile suite writes a 50 MB table there): not the repository's Markdown
      if (path === join(repo, "bench", "data")) continue;
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".md")) out.push(readFileSync(path, "utf8"));
    }
  };
  for (const top of ["src", "examples", "bench"]) visit(join(repo, top));
  return out;
}

// Markdown made of the constructs post-mortems use, with the white space plainText has to collapse.
const piece = fc.constantFrom(
  "word",
  "Two words",
  " ",
  "  ",
  "\u00a0",
  "\u2003",
  "\t",
  "**bold**",
  "_em_",
  "`code`",
  "`log/app.log:12`",
  "[link](http://x.io)",
  "<!-- c -->",
  "\\|",
  "\n",
  "  \n",
  "é",
);
const line = fc.array(piece, { maxLength: 8 }).map((p) => p.join(""));
const block = fc.oneof(
  line,
  line.map((l) => `# ${l}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `- ${l}`).join("\n")),
  fc
    .array(fc.tuple(line, line), { minLength: 1, maxLength: 3 })
    .map((rows) => ["| a | b |", "|---|---|", ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join("\n")),
  line.map((l) => `> ${l}`),
);
const markdown = fc.array(block, { maxLength: 6 }).map((bs) => bs.join("\n\n"));

describe("tree helpers agree with their straightforward versions", () => {
  const documents = repositoryMarkdown();

  const check = (source: string) => {
    for (const tree of [parseMarkdownTree(source), parseMarkdownTreeWithRemark(source)]) {
      const nodes = allNodes(tree);
      for (const n of nodes) expect(plainText(n)).toBe(plainTextReference(n));
      const visited: [Nodes, Nodes | undefined][] = [];
      walk(tree, (n, p) => visited.push([n, p]));
      const expected: [Nodes, Nodes | undefined][] = [];
      preOrderReference(tree, undefined, expected);
      expect(visited.length).toBe(expected.length);
      for (let i = 0; i < visited.length; i++) {
        expect(visited[i]?.[0]).toBe(expected[i]?.[0]);
        expect(visited[i]?.[1]).toBe(expected[i]?.[1]);
      }
      const refs: string[] = [];
      for (const n of nodes) {
        if (n.type !== "inlineCode") continue;
        const m = /^((?:[\w.-]+\/)*[\w.-]+\.[\w.]+|(?:[\w.-]+\/)+[\w.-]+):(\d+)(?:-\d+)?$/.exec(n.value.trim());
        if (m && !refs.includes(`${m[1]}:${m[2]}`)) refs.push(`${m[1]}:${m[2]}`);
      }
      expect(collectEvidenceRefs(tree).map((r) => `${r.path}:${r.line}`)).toEqual(refs);
    }
  };

  it("on the repository's Markdown", () => {
    expect(documents.length).toBeGreaterThan(20);
    for (const source of documents) check(source);
  });

  it("on generated Markdown (property)", () => {
    fc.assert(fc.property(markdown, check), { numRuns: 300 });
  });
});

describe("LineIndex", () => {
  it("finds the same line starts as a scan of every character (property)", () => {
    const text = fc.array(fc.constantFrom("a", " ", "\n", "\r", "\r\n", "é", "\n\n"), { maxLength: 40 });
    fc.assert(
      fc.property(text, (parts) => {
        const t = parts.join("");
        const lines = new LineIndex(t);
        const starts = lineStartsReference(t);
        expect(lines.lineCount).toBe(starts.length);
        starts.forEach((s, i) => {
          expect(lines.lineStart(i + 1)).toBe(s);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
