import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { draftIncident } from "./draft/draft-incident.js";
import { fastParseMarkdown } from "./fast-markdown.js";
import { parseMarkdownTree, parseMarkdownTreeWithRemark } from "./markdown-tree.js";
import { renderPostmortemSkeleton } from "./template.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Every Markdown fixture, example and evaluation post-mortem in the repository. */
function markdownFixtures(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".md")) {
        const rel = relative(repo, path);
        if (/(^|\/)fixtures\/|^examples\/|^bench\/lint-eval\/postmortems\//.test(rel)) out.push(rel);
      }
    }
  };
  for (const top of ["src", "test", "examples", "bench"]) visit(join(repo, top));
  return out.sort();
}

/** The fast tree, after asserting it is exactly remark's (or that the fast path declined). */
function differential(source: string): boolean {
  const fast = fastParseMarkdown(source);
  if (fast === undefined) return false;
  expect(fast).toStrictEqual(parseMarkdownTreeWithRemark(source));
  return true;
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

describe("fastParseMarkdown on the repository's Markdown", () => {
  const files = markdownFixtures();
  const hits: string[] = [];

  it.each(files)("%s: same tree as remark or declined", (file) => {
    if (differential(stripBom(readFileSync(join(repo, file), "utf8")))) hits.push(file);
  });

  it("takes the fast path for every standard-template post-mortem", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const expected = [
      "src/postmortem/fixtures/standard.md",
      "src/postmortem/fixtures/google-style.md",
      "src/lint/fixtures/good.md",
      "examples/postmortems/api-degradation.md",
      "bench/lint-eval/postmortems/api-certificate-expiry.md",
      "bench/lint-eval/postmortems/database-directory-removed.md",
      "bench/lint-eval/postmortems/search-cascading-failure.md",
    ];
    for (const file of expected) {
      expect(fastParseMarkdown(stripBom(readFileSync(join(repo, file), "utf8"))), file).toBeDefined();
    }
    for (const file of files.filter((f) => f.includes("small-workspace"))) {
      expect(fastParseMarkdown(readFileSync(join(repo, file), "utf8")), file).toBeDefined();
    }
  });

  it("declines the documents that need remark (setext headings, tabs)", () => {
    for (const file of ["src/postmortem/fixtures/pagerduty-style-crlf.md", "src/postmortem/fixtures/messy.md"]) {
      expect(fastParseMarkdown(stripBom(readFileSync(join(repo, file), "utf8"))), file).toBeUndefined();
    }
  });
});

describe("fastParseMarkdown on documents Debrief writes", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("the post-mortem skeleton takes the fast path", () => {
    const skeleton = renderPostmortemSkeleton({
      id: "2025-02-09-checkout",
      title: "Checkout errors after the v2.3 deploy",
      severity: "SEV2",
      start: "2025-02-09T09:55:00Z",
      end: "2025-02-09T11:00:00Z",
      services: ["checkout", "payments"],
    });
    expect(differential(skeleton)).toBe(true);
  });

  it("a drafted post-mortem (example incident) takes the fast path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-fast-md-"));
    dirs.push(dir);
    cpSync(join(repo, "examples", "incidents", "api-degradation"), dir, { recursive: true });
    writeFileSync(
      join(dir, "postmortem.md"),
      renderPostmortemSkeleton({
        id: "api-degradation",
        title: "Orders API degraded",
        severity: "SEV2",
        start: "2025-03-04T10:00:00Z",
        end: null,
        services: ["orders-api"],
      }),
    );
    const drafted = await draftIncident(dir);
    expect(differential(drafted.source)).toBe(true);
  }, 60_000);
});

describe("fastParseMarkdown constructs", () => {
  const same = [
    "---\ntitle: x\nlist: [a, b]\n---\n\n# Title\n\nText.\n",
    "---\r\na: 1\r\n---\r\n\r\n# H  \r\n\r\nfoo  \r\nbar \r\nbaz\\\r\nq  ",
    "---\n---\n# Empty front matter\n",
    "## Timeline\n\n| Time | Event |\n|:-----|------:|\n| 10:00 | **Impact start**: x \\| y |\n| 10:05 | `a` [l](http://x.io) |\n|z|\n",
    "|**a**|b|\n|---|:-:|\n|c|_d_|\n",
    "- a\n- b\n\n- c\n\n  d\n\ntext",
    "1. a\n   - b\n\n     c\n2. d",
    "3) three\n4) four\n",
    "* star\n* list\n\n+ plus\n",
    "> quote\n> more\n>\n> - item\n",
    "```sh meta x\r\ncode\r\n\r\n```\r\n<!-- c -->\r\n> q\r\n> r",
    "~~~\n```\n~~~\n",
    "<!--\n  guidance\n-->\n\n<!-- one --> trailing\n",
    "para *a* _b_ **c** __d__ [l *x*](http://u) `` a ` `` <!-- c --> end\n",
    "Before https://example.com/a?b=1&c=2. After www.example.org, and (x) ~40 %.\n",
    "snake_case_name and a_b and 2 * 3 = 6\n",
    "***a*** and *a **b** c* and __a_b_c__ and 2*3*4 and **x* and *y** and ****z****\n",
    "😀*x*😀 _😀_ a_😀_b\n",
    "Text\n- interrupting list\n",
    "***\n\n___\n\n---\n",
    "# Heading with `code` and *em*\n###### six\n#\n",
    "Emoji 😀 and — dashes, ünïcode *é*.\n",
    "Unmatched **bold and *em and `tick\n",
    "[not a link] and [x] and \\[escaped\\] \\* \\_\n",
    "- a\n  ```sh\n  code\n\n  more\n  ```\n",
    "1. a\n\n   | a | b |\n   |---|---|\n   | c | d |\n",
    "* x\n  <!--\n  c\n  -->\n",
    "- x\n  > quote\n  > more\n",
    "- x\n\n  para\n- y\n",
  ];
  it.each(same)("%j matches remark and takes the fast path", (source) => {
    expect(differential(source)).toBe(true);
  });

  const declined = [
    ["setext heading", "Title\n=====\n"],
    ["setext h2", "Title\n---\n"],
    ["indented code", "    code\n"],
    ["reference definition", "[a]: http://x\n\n[a]\n"],
    ["footnote", "Text[^1]\n\n[^1]: note\n"],
    ["tabs", "a\tb\n"],
    ["html block", "<div>\nx\n</div>\n"],
    ["inline html", "a <b>c</b>\n"],
    ["strikethrough", "a ~~b~~ c\n"],
    ["entity", "a &amp; b\n"],
    ["task list", "- [ ] todo\n"],
    ["image", "![alt](x.png)\n"],
    ["lazy continuation", "> a\nb\n"],
    ["nested brackets", "[a [b]](x)\n"],
    ["e-mail literal", "mail ops@example.com\n"],
    ["pipe-less table", "a\n:-\n"],
    ["www after punctuation (mdast's literal pass)", "x |www.example.org\n"],
    ["lone CR", "a\rb\n"],
    ["unclosed fence", "```\ncode\n"],
    ["empty", ""],
  ];
  it.each(declined)("declines %s", (_name, source) => {
    expect(fastParseMarkdown(source as string)).toBeUndefined();
  });

  it("parseMarkdownTree keeps positions on the original text with a BOM through the fast path", () => {
    const source = "\uFEFF# T\n\nText\n";
    expect(fastParseMarkdown(source.slice(1))).toBeDefined();
    expect(parseMarkdownTree(source)).toStrictEqual(parseMarkdownTreeWithRemark(source));
  });
});

// ---- properties

const word = fc.constantFrom(
  "foo",
  "bar",
  "Baz",
  "`code`",
  "``a`b``",
  "**bold**",
  "*em*",
  "_em_",
  "__strong__",
  "snake_case",
  "a*b",
  "***",
  "a**b",
  "_a_b",
  "😀*",
  "*😀",
  "*",
  "_",
  "**",
  "[link](http://x.io/a)",
  "[*em link*](y)",
  "[text]",
  "https://example.com/a?b=1",
  "www.example.org",
  "(https://example.com)",
  "~5%",
  "~",
  "&",
  "&amp;",
  "<!-- c -->",
  "\\*",
  "\\",
  "2025-01-01",
  "10:00",
  "@tom",
  "**Why**",
  "ünï",
  "—",
  "😀",
  "|",
  "\\|",
  "#",
  "1.",
  "-",
  ">",
);
const words = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(" "));
const trailing = fc.constantFrom("", "", " ", "  ");
const paragraph = fc
  .array(fc.tuple(words, trailing), { minLength: 1, maxLength: 3 })
  .map((lines) => lines.map(([w, t]) => w + t).join("\n"));
const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), words).map(([d, w]) => `${"#".repeat(d)} ${w}`);
const cell = fc.oneof(words, fc.constant(""), fc.constant("x \\| y"));
const table = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc
      .tuple(
        fc.array(cell, { minLength: n, maxLength: n }),
        fc.array(fc.constantFrom("---", ":--", "--:", ":-:"), { minLength: n, maxLength: n }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: n }), { maxLength: 4 }),
        fc.constantFrom(" ", ""),
      )
      .map(([head, delims, rows, pad]) =>
        [head, delims, ...rows].map((r) => `|${r.map((c) => `${pad}${c}${pad}`).join("|")}|`).join("\n"),
      ),
  );
const listItem = fc.tuple(words, fc.option(words, { nil: undefined }), fc.boolean());
const list = fc
  .tuple(fc.constantFrom("-", "*", "1.", "2)"), fc.array(listItem, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([marker, items, loose]) =>
    items
      .map(([first, nested, blankInside], k) => {
        const m = /\d/.test(marker) ? `${k + 1}${marker.slice(-1)}` : marker;
        const indent = " ".repeat(m.length + 1);
        let text = `${m} ${first}`;
        if (nested !== undefined) text += `${blankInside ? "\n" : ""}\n${indent}- ${nested}`;
        return text;
      })
      .join(loose ? "\n\n" : "\n"),
  );
const quote = paragraph.map((p) => p.replace(/^/gm, "> "));
const fence = fc
  .tuple(fc.constantFrom("", "sh", "yaml meta"), fc.array(words, { maxLength: 3 }))
  .map(([info, lines]) => [`\`\`\`${info}`, ...lines, "```"].join("\n"));
const comment = fc.constantFrom("<!-- guidance -->", "<!--\n  multi\n  line\n-->");
const indent = (text: string, by: string) => text.replace(/\n(?!\n)/g, `\n${by}`);
// an item whose continuation holds other blocks (code, a table, a comment, a quote), indented to its content
const richItem = fc
  .tuple(fc.constantFrom("-", "1.", "*"), words, fc.oneof(fence, table, comment, quote, paragraph), fc.boolean())
  .map(([m, first, inner, blank]) => {
    const by = " ".repeat(m.length + 1);
    return `${m} ${first}\n${blank ? "\n" : ""}${by}${indent(inner, by)}`;
  });
const block = fc.oneof(paragraph, heading, table, list, quote, fence, comment, richItem, fc.constant("---"));
const document = fc
  .tuple(
    fc.boolean(),
    fc.array(block, { minLength: 1, maxLength: 8 }),
    fc.constantFrom("\n", "\r\n"),
    fc.constantFrom("\n", "", "\n\n"),
  )
  .map(([frontMatter, blocks, eol, end]) =>
    ((frontMatter ? "---\ntitle: x\n---\n" : "") + blocks.join("\n\n") + end).replace(/\n/g, eol),
  );

describe("fastParseMarkdown properties", () => {
  it("random documents of supported constructs: same tree as remark, or declined", () => {
    let hits = 0;
    let runs = 0;
    fc.assert(
      fc.property(document, (source) => {
        runs++;
        if (differential(source)) hits++;
      }),
      { numRuns: 400 },
    );
    // the property must not pass by declining everything
    expect(hits).toBeGreaterThan(runs / 10);
  });

  it("random documents of supported constructs, tight: mostly taken by the fast path", () => {
    const plain = fc.constantFrom("foo", "bar", "`code`", "**bold**", "*em*", "[l](http://x.io)", "10:00");
    const simpleWords = fc.array(plain, { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));
    const simpleDoc = fc
      .array(
        fc.oneof(
          simpleWords,
          simpleWords.map((w) => `## ${w}`),
          simpleWords.map((w) => `- ${w}\n- ${w}`),
          simpleWords.map((w) => `| a | b |\n|---|---|\n| ${w} | x |`),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((bs) => `${bs.join("\n\n")}\n`);
    fc.assert(
      fc.property(simpleDoc, (source) => {
        expect(differential(source)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("arbitrary strings never throw, and a tree it returns is remark's", () => {
    const alphabet = fc.constantFrom(
      ..."ab *_`[]()!<>-|#:\\~&\n\r\t 1.@w/h".split(""),
      "\r\n",
      "---",
      "```",
      "<!--",
      "-->",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        differential(chars.join(""));
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        differential(s);
      }),
      { numRuns: 500 },
    );
  });
});
