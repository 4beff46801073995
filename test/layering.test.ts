import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layering rule, enforced: every source file under src/ belongs to a layer, and a layer imports only from
 * layers below it (never from one above, never sideways into another area of its own layer unless listed), and
 * adapters reach lower areas only through their public `index.ts`. The import graph has no cycle. Same idea as the
 * MCP TypeScript SDK's `test/wire/layeringInvariants.test.ts`. The order is documented in docs/ARCHITECTURE.md.
 */
const LAYERS: Record<string, number> = {
  model: 0,
  util: 1,
  evidence: 2,
  timeline: 3,
  collect: 3,
  // prevention suggestions (alert rules) from the evidence and timeline, used by the post-mortem draft
  prevention: 3.5,
  postmortem: 4,
  lint: 5,
  store: 5,
  report: 5,
  insights: 6,
  publish: 6,
  operations: 7,
  demo: 7,
  mcp: 8,
  server: 8,
  cli: 9,
  "(root)": 10,
};

/** Adapters: may import lower areas only through their public index (plus model and util). */
const ADAPTERS = new Set(["cli", "server", "mcp"]);

/** Sideways imports inside one layer that are part of the design. */
const ALLOWED_SIDEWAYS = new Set<string>([
  // the GitHub status sync feeds the weekly review's action-item lookup
  "publish->insights",
]);

const SRC = resolve(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "fixtures") continue;
      out.push(...sourceFiles(full));
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts")) {
      out.push(full);
    }
  }
  return out;
}

function areaOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes("/") ? (rel.split("/")[0] as string) : "(root)";
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const edges: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4];
    if (!spec?.startsWith(".")) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
    edges.push({ from: file, to: target, typeOnly: Boolean(m[2]) });
  }
  return edges;
}

const files = sourceFiles(SRC);
const edges = files.flatMap(importsOf);

describe("layering", () => {
  it("every folder under src/ has a layer", () => {
    const unknown = [...new Set(files.map(areaOf))].filter((a) => !(a in LAYERS));
    expect(unknown).toEqual([]);
  });

  it("no file imports from a layer above its own or sideways into another area of its layer", () => {
    const violations: string[] = [];
    for (const e of edges) {
      const from = areaOf(e.from);
      const to = areaOf(e.to);
      if (from === to) continue;
      const lf = LAYERS[from] ?? 99;
      const lt = LAYERS[to] ?? 99;
      const sideways = lf === lt && !ALLOWED_SIDEWAYS.has(`${from}->${to}`);
      if (lt > lf || sideways) violations.push(`${relative(SRC, e.from)} -> ${relative(SRC, e.to)}`);
    }
    expect(violations).toEqual([]);
  });

  it("adapters reach lower areas only through their public index.ts", () => {
    const violations: string[] = [];
    for (const e of edges) {
      const from = areaOf(e.from);
      const to = areaOf(e.to);
      if (!ADAPTERS.has(from) || from === to || to === "model" || to === "util" || to === "operations") continue;
      if (ADAPTERS.has(to)) continue;
      const rel = relative(SRC, e.to);
      if (!/^[a-z-]+(\/templates)?\/index\.ts$/.test(rel)) violations.push(`${relative(SRC, e.from)} -> ${rel}`);
    }
    expect(violations).toEqual([]);
  });

  it("the HTTP server does not import the MCP server (nor the reverse)", () => {
    const crossing = edges.filter(
      (e) =>
        (areaOf(e.from) === "server" && areaOf(e.to) === "mcp") ||
        (areaOf(e.from) === "mcp" && areaOf(e.to) === "server"),
    );
    expect(crossing.map((e) => relative(SRC, e.from))).toEqual([]);
  });

  it("the runtime import graph has no cycle", () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) {
      if (e.typeOnly) continue;
      graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    }
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (node: string): void => {
      state.set(node, 1);
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        const s = state.get(next);
        if (s === 1) {
          const cycle = stack.slice(stack.indexOf(next)).concat(next);
          cycles.push(cycle.map((f) => relative(SRC, f)).join(" -> "));
        } else if (s === undefined) {
          visit(next);
        }
      }
      stack.pop();
      state.set(node, 2);
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("finds imports at all (the parser is not silently blind)", () => {
    expect(edges.length).toBeGreaterThan(files.length);
    expect(edges.some((e) => e.typeOnly)).toBe(true);
  });
});
