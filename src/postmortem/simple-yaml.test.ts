import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, parseDocument } from "yaml";
import { readSimpleYaml } from "./simple-yaml.js";
import { renderPostmortemSkeleton } from "./template.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What readFrontMatter takes from the `yaml` package: the value and each top-level key's offset. */
function reference(text: string): { value: unknown; keyOffsets: Map<string, number> } | "invalid" {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return "invalid";
  if (doc.contents !== null && !isMap(doc.contents)) return "invalid";
  const keyOffsets = new Map<string, number>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key)) continue;
      const key = pair.key.value;
      if (typeof key === "string" && !keyOffsets.has(key)) keyOffsets.set(key, pair.key.range?.[0] ?? -1);
    }
  }
  return { value: doc.toJS({ maxAliasCount: 50 }) ?? {}, keyOffsets };
}

/** The fast result, after asserting it is exactly the `yaml` package's (or that the fast path declined). */
function differential(text: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const ref = reference(text);
  expect(ref, JSON.stringify(text)).not.toBe("invalid");
  if (ref === "invalid") return true;
  expect(fast.value, JSON.stringify(text)).toStrictEqual(ref.value);
  expect([...fast.keyOffsets], JSON.stringify(text)).toStrictEqual([...ref.keyOffsets]);
  return true;
}

/** Front matter of every Markdown fixture, example and evaluation post-mortem in the repository. */
function repositoryFrontMatter(): { file: string; yaml: string }[] {
  const out: { file: string; yaml: string }[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".md")) {
        const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(readFileSync(path, "utf8"));
        if (m?.[1] !== undefined) out.push({ file: relative(repo, path), yaml: m[1] });
      }
    }
  };
  for (const top of ["src", "test", "examples", "bench"]) visit(join(repo, top));
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

describe("readSimpleYaml on the repository's front matter", () => {
  const files = repositoryFrontMatter();

  it.each(files.map((f) => [f.file, f.yaml]))("%s: same as yaml or declined", (_file, yaml) => {
    differential(yaml);
  });

  it("takes the fast path for standard post-mortems", () => {
    const fast = files.filter((f) => /lint-eval|small-workspace|examples\/postmortems|fixtures\/standard/.test(f.file));
    expect(fast.length).toBeGreaterThanOrEqual(8);
    for (const f of fast) expect(readSimpleYaml(f.yaml), f.file).toBeDefined();
  });

  it("takes the fast path for the skeleton debrief init writes", () => {
    const skeleton = renderPostmortemSkeleton({
      id: "2025-02-09-checkout",
      title: 'Checkout errors: "v2.3" deploy',
      severity: "SEV2",
      start: "2025-02-09T09:55:00Z",
      end: null,
      services: ["checkout", "payments"],
    });
    const yaml = /^---\n([\s\S]*?)\n---\n/.exec(skeleton)?.[1] ?? "";
    expect(differential(yaml)).toBe(true);
  });
});

describe("readSimpleYaml constructs", () => {
  const same = [
    "",
    "# only a comment\n",
    "id: 2025-01-31-db\ntitle: Primary database removed\nseverity: SEV1\n",
    "id: 465\nseverity: 2\nformatVersion: 1\nflag: true\nother: False\nnothing: ~\nempty:\nnul: NULL\n",
    "hex: 0x1F\noct: 0o17\nexp: 1e3\nneg: +5\nlead: 012\nfl: 1.50\ndot: .5\ninf: .inf\npinf: +.INF\nnan: .NaN\n",
    "d: 2025-03-01\nt: 2025-05-10T00:00:00Z\nu: https://tracker.example.com/browse/SRCH-900\n",
    "title: 'It''s down: really'\nq: \"a \\\"b\\\" \\\\ \\u00e9 \\n\"\nh: C# and F#  # a comment\n",
    "window:\n  start: 2025-05-10T00:00:00Z\n  end: 2025-05-10T01:30:00Z\nservices: [public-api]\n",
    "window:\n    start: a\n    end:\nnext: b\n",
    "services: [a, 'b c', \"d\", 1, true, null]\nauthors: []\nreviewers: [ ]\n",
    "services:\n  - a\n  - 'b'\n  - 3\nauthors:\n- x\n- y\nz: 1\n",
    "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: [1, 2]\r\n",
    'title: Bob\'s "quick" fix, then [beta] & more!\n',
    "title: Ünïcödé — emoji 😀 and nbsp\u00a0\n",
    "window:\n  start: x\n# between\n  end: y\n",
    "a: b # c\n  # indented comment\nd: e\n",
  ];
  it.each(same)("%j is read exactly as yaml reads it", (text) => {
    expect(differential(text)).toBe(true);
  });

  const declined = [
    "a: &anchor x\nb: *anchor\n",
    "a: !tag x\n",
    "a: |\n  block\n",
    "a: >\n  folded\n",
    "a: multi\n  line\n",
    "a:\n  b:\n    c: deep\n",
    "a: {b: c}\n",
    "a: [x,\n  y]\n",
    "a: 1\na: 2\n",
    "a:\tb\n",
    "%YAML 1.2\n---\na: b\n",
    "- a\n- b\n",
    "just text\n",
    "a: b: c\n",
    "'quoted key': v\n",
    "true: v\n",
    "__proto__: v\n",
    'a: "bad \\q escape"\n',
    "a: 'unclosed\n",
    "a: -1\n",
    "a: [x, y,]\n",
    "a: @reserved\n",
  ];
  it.each(declined)("%j is left to yaml", (text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });
});

describe("readSimpleYaml is exactly yaml on generated front matter", () => {
  const keys = fc.constantFrom(
    "id",
    "title",
    "severity",
    "window",
    "services",
    "start",
    "a_b",
    "x-y",
    "K9",
    "null",
    "True",
    "__proto__",
    "two words",
    "123",
    "-k",
    "?k",
    "'q'",
    '"d"',
    "é",
  );
  const special = fc.constantFrom(
    "null",
    "Null",
    "NULL",
    "nULL",
    "~",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "False",
    "FALSE",
    "yes",
    "0o0",
    "0x0",
    "0xG",
    "+.inf",
    ".INF",
    ".NAN",
    ".NaN",
    ".Nan",
    "1e+3",
    ".5e2",
    "5.",
    "+0.0",
    "0x1F",
    "0o17",
    "0o8",
    "1e3",
    "1E-2",
    ".inf",
    "-.Inf",
    ".nan",
    "+.5",
    "012",
    "+5",
    "-0",
    "1.50",
    "1.",
    "1_000",
    "12345678901234567890",
    "2025-01-01",
    "2025-01-01T00:00:00Z",
    "SEV1",
    "https://x.example/a#b",
    "[]",
    "[ ]",
    "{}",
  );
  const chars = fc.constantFrom(
    ..."abcXYZ019 _-.:#'\"\\[]{},?&*!|>%@`~/éü😀\u00a0\u2014".split(""),
    "\\n",
    "\\u00e9",
    "\\ud800",
    "''",
    " #",
    ": ",
  );
  const scalar = fc.oneof(
    special,
    fc.array(chars, { minLength: 1, maxLength: 8 }).map((a) => a.join("")),
    fc
      .array(chars, { maxLength: 6 })
      .map((a) => a.join(""))
      .map((s) => `'${s}'`),
    fc
      .array(chars, { maxLength: 6 })
      .map((a) => a.join(""))
      .map((s) => `"${s}"`),
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }).map((a) => `[${a.join(", ")}]`) },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((a) => `[${a.join(",")}]`) },
    { weight: 1, arbitrary: fc.constant("") },
  );
  const indent = fc.constantFrom("", "", "", "  ", "  ", "    ", " ");
  const comment = fc.constantFrom("", "", "", " # note", "  #x", "#no-space");
  const line = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(indent, keys, fc.constantFrom(": ", ": ", ":", "  : ", ":  "), value, comment)
        .map(([i, k, sep, v, c]) => `${i}${k}${sep}${v}${c}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(indent, fc.constantFrom("- ", "-", "- - "), value, comment)
        .map(([i, d, v, c]) => i + d + v + c),
    },
    { weight: 1, arbitrary: fc.tuple(indent, fc.constantFrom("# c", "#", "")).map(([i, c]) => i + c) },
    { weight: 1, arbitrary: fc.tuple(indent, scalar).map(([i, s]) => i + s) },
    { weight: 1, arbitrary: fc.constantFrom("---", "...", "a: b\tc", "\ta: b", "a: \r", "&x a: b", "? a", ": b") },
  );
  const doc = fc
    .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom("\n", "\n", "\r\n"), fc.boolean())
    .map(([lines, eol, final]) => lines.join(eol) + (final ? eol : ""));

  it("agrees on every document it accepts", () => {
    fc.assert(
      fc.property(doc, (text) => {
        differential(text);
      }),
      { numRuns: 20_000 },
    );
  });

  // whole mappings built from the subset's shapes, with random scalars, so most documents reach the end of the reader
  const entry = fc.oneof(
    fc.tuple(keys, scalar, comment).map(([k, v, c]) => [`${k}: ${v}${c}`]),
    fc.tuple(keys, fc.array(scalar, { maxLength: 3 })).map(([k, a]) => [`${k}: [${a.join(", ")}]`]),
    fc
      .tuple(keys, indent, fc.array(fc.tuple(keys, value, comment), { minLength: 1, maxLength: 3 }))
      .map(([k, i, pairs]) => [`${k}:`, ...pairs.map(([pk, pv, pc]) => `${i}${pk}: ${pv}${pc}`)]),
    fc
      .tuple(keys, indent, fc.array(fc.tuple(scalar, comment), { minLength: 1, maxLength: 3 }))
      .map(([k, i, items]) => [`${k}:`, ...items.map(([v, c]) => `${i}- ${v}${c}`)]),
    fc.tuple(indent, fc.constantFrom("# note", "")).map(([i, c]) => [i + c]),
  );
  const mapping = fc
    .tuple(fc.array(entry, { maxLength: 8 }), fc.constantFrom("\n", "\r\n"))
    .map(([entries, eol]) => entries.flat().join(eol) + eol);

  it("agrees on whole mappings of the subset's shapes", () => {
    let accepted = 0;
    fc.assert(
      fc.property(mapping, (text) => {
        if (differential(text)) accepted++;
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(1000);
  });

  it("accepts a good share of front matter shaped like post-mortems'", () => {
    const shaped = fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom("id", "title", "severity", "status", "tracker", "x_y"), scalar), {
          maxLength: 6,
        }),
        fc.array(scalar, { maxLength: 3 }),
        fc.array(scalar, { maxLength: 3 }),
      )
      .map(([pairs, list, block]) => {
        const seen = new Set<string>();
        const lines = pairs.filter(([k]) => !seen.has(k) && seen.add(k)).map(([k, v]) => `${k}: ${v}`);
        lines.push(`services: [${list.join(", ")}]`, "window:", `  start: ${list[0] ?? "x"}`, "authors:");
        for (const b of block) lines.push(`  - ${b}`);
        return `${lines.join("\n")}\n`;
      });
    let accepted = 0;
    const samples = fc.sample(shaped, { numRuns: 2000, seed: 42 });
    for (const text of samples) if (differential(text)) accepted++;
    expect(accepted).toBeGreaterThan(samples.length / 10);
  });
});
