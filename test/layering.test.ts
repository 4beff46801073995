import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
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

/**
 * What a CLI command may take from the library besides operations, model and util: presentation (formatters,
 * renderers of a result it got from an operation, registries listed in help text) and checks of its own flags.
 * Anything else is doing the work outside the operations layer, where the HTTP API and the MCP server cannot share it.
 */
const CLI_PRESENTATION = new Set([
  // formatting results
  "FILE_PROBLEM_CODES",
  "findFormatter",
  "formatSeconds",
  "LINT_FORMATTERS",
  "LINT_RULES",
  "renderInsightsHtml",
  "renderPreventionMarkdown",
  "renderTimelineMarkdown",
  "renderTimelineMermaid",
  "RENDERERS",
  "reviewToIcs",
  "RUNBOOK_MARKER",
  "toOpenMetrics",
  // flag checks and help text
  "FORMATS",
  "GIT_LOG_COMMAND",
  "isValidZone",
  "parseDateFlag",
  "prepareInitInput",
  "todayUtc",
  // the demo runs the library on a bundled example and writes a folder: a tour, not an operation to expose
  "runDemo",
]);

/** Names a file imports at runtime (not `import type`, not `type X` members) from relative specifiers. */
function runtimeNamedImports(file: string): { spec: string; names: string[] }[] {
  const text = readFileSync(file, "utf8");
  const out: { spec: string; names: string[] }[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+(type\s+)?\{([^}]*)\}\s+from\s+["'](\.[^"']+)["']/g)) {
    if (m[1]) continue;
    const names = (m[2] ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n.length > 0 && !n.startsWith("type "))
      .map((n) => n.split(/\s+as\s+/)[0] as string);
    out.push({ spec: m[3] as string, names });
  }
  return out;
}

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

  it("CLI commands do their work through operations, taking only presentation from the library", () => {
    const violations: string[] = [];
    const commands = files.filter((f) => relative(SRC, f).startsWith(`cli${sep}commands${sep}`));
    expect(commands.length).toBeGreaterThan(10);
    for (const file of commands) {
      const name = relative(join(SRC, "cli", "commands"), file);
      for (const { spec, names } of runtimeNamedImports(file)) {
        const area = areaOf(resolve(dirname(file), spec));
        if (["operations", "model", "util", "cli"].includes(area) || ADAPTERS.has(area)) continue;
        for (const n of names) {
          if (!CLI_PRESENTATION.has(n)) violations.push(`cli/commands/${name}: ${n} from ${spec}`);
        }
      }
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
