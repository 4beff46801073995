/**
 * `npm run bench:markdown`: the Markdown -> mdast step alone. For every post-mortem under bench/lint-eval/postmortems
 * and the repository's Markdown fixtures: whether the hand-written fast path (src/postmortem/fast-markdown.ts) takes
 * it, and parse time per document through remark and through `parseMarkdownTree` (fast path first), in CPU time
 * (median of runs; the wall clock on a shared machine mostly measures other people's work).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { fastParseMarkdown } from "../src/postmortem/fast-markdown.js";
import { parseMarkdownTree, parseMarkdownTreeWithRemark } from "../src/postmortem/markdown-tree.js";
import { parsePostmortem } from "../src/postmortem/parse-postmortem.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const files: string[] = [];
const visit = (dir: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else if (e.name.endsWith(".md")) {
      const rel = relative(repo, p);
      if (/(^|\/)fixtures\/|^examples\/|^bench\/lint-eval\/postmortems\//.test(rel)) files.push(rel);
    }
  }
};
for (const top of ["src", "test", "examples", "bench"]) visit(join(repo, top));
files.sort();
const docs = files.map((f) => {
  const text = readFileSync(join(repo, f), "utf8");
  return { file: f, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
});
const hits = docs.filter((d) => fastParseMarkdown(d.text) !== undefined);
console.log(`fast-path hit rate: ${hits.length}/${docs.length}`);
for (const d of docs) console.log(`  ${hits.includes(d) ? "fast " : "remark"} ${d.file}`);

/** CPU microseconds per call of fn over the documents, median of runs. */
function cpuPerDoc(set: { file: string; text: string }[], fn: (text: string, file: string) => unknown, runs = 7) {
  for (let i = 0; i < 3; i++) for (const d of set) fn(d.text, d.file);
  const xs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    do {
      for (const d of set) fn(d.text, d.file);
      n += set.length;
    } while (performance.now() - t0 < 300);
    const c = process.cpuUsage(c0);
    xs.push((c.user + c.system) / n);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] ?? 0;
}
const pm = docs.filter((d) => d.file.startsWith("bench/lint-eval/postmortems/"));
const fmt = (us: number) => `${(us / 1000).toFixed(3)} ms CPU/doc (${Math.round(1e6 / us)} docs per CPU-second)`;
console.log(`\nbench/lint-eval/postmortems (${pm.length} docs), median of 7 runs:`);
console.log(`  remark (parseMarkdownTreeWithRemark): ${fmt(cpuPerDoc(pm, parseMarkdownTreeWithRemark))}`);
console.log(`  parseMarkdownTree (fast path first):  ${fmt(cpuPerDoc(pm, parseMarkdownTree))}`);
console.log(
  `  fastParseMarkdown only (hits):        ${fmt(
    cpuPerDoc(
      pm.filter((d) => hits.includes(d)),
      fastParseMarkdown,
    ),
  )}`,
);
console.log(`  parsePostmortem:                      ${fmt(cpuPerDoc(pm, (t, f) => parsePostmortem(t, f)))}`);
