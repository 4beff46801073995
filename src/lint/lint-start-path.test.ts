import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What `debrief lint` loads before it checks a document: the modules src/lint/index.ts reaches through static value
 * imports (type-only imports and dynamic `import()` load nothing). One rule importing the post-mortem barrel once
 * pulled the draft, the timeline, every evidence format and the yaml package into every lint (~100 ms of CPU and a
 * 2.9 MB start-up bundle instead of 1.7 MB); this keeps that from coming back unnoticed.
 */
const SRC = resolve(import.meta.dirname, "..");
const ENTRY = join(SRC, "lint", "index.ts");

/** Packages with a start-up cost the lint path loads only on demand (lazy-module.ts), never statically. */
const LAZY_PACKAGES = ["yaml", "remark-parse", "remark-gfm", "remark-frontmatter", "unified", "wink-nlp"];
/** Areas a lint never needs at start-up. */
const FORBIDDEN_AREAS = ["timeline", "evidence/formats", "postmortem/draft", "collect", "store", "publish"];

// `import ... from "x"` and `export ... from "x"`, whole statements (they may span lines); `import "x"` too
const STATEMENT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

/** The specifiers a module loads when it is evaluated. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(STATEMENT)) {
    if (m[5] !== undefined) {
      out.push(m[5]);
      continue;
    }
    if (m[2] !== undefined) continue;
    // `import { type A, type B } from` loads nothing either (verbatimModuleSyntax keeps only the value names)
    const names = /\{([^}]*)\}/.exec(m[3] ?? "")?.[1];
    if (
      names !== undefined &&
      !/^\s*\*|^\s*\w+\s*,/.test(m[3] ?? "") &&
      names
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n.length > 0)
        .every((n) => n.startsWith("type "))
    )
      continue;
    out.push(m[4] as string);
  }
  return out;
}

function startPath(): { files: string[]; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [ENTRY];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) {
        packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string));
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (existsSync(target)) queue.push(target);
    }
  }
  return { files: [...seen].map((f) => relative(SRC, f).split("\\").join("/")), packages };
}

describe("the lint's start-up path", () => {
  it("reads import statements the way the module loader does", () => {
    expect(valueImports('import type { A } from "./a.js";\nimport { type B } from "./b.js";')).toEqual([]);
    expect(valueImports('import { type B, c } from "./b.js";\nexport { d } from "./d.js";')).toEqual([
      "./b.js",
      "./d.js",
    ]);
    expect(
      valueImports('import * as Y from "yaml";\nimport "./side.js";\nconst m = await import("./lazy.js");'),
    ).toEqual(["yaml", "./side.js"]);
  });

  it("loads no lazy package and no area a lint never needs", () => {
    const { files, packages } = startPath();
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain("lint/language/blame-detector.ts");
    expect(LAZY_PACKAGES.filter((p) => packages.has(p))).toEqual([]);
    expect(files.filter((f) => FORBIDDEN_AREAS.some((a) => f.startsWith(`${a}/`)))).toEqual([]);
  });
});
