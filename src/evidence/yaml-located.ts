import type * as Yaml from "yaml";
import type { Node } from "yaml";
import { lazyModule } from "../util/lazy-module.js";
import type { LocatedJson } from "./json-located.js";

// loaded when a YAML document is read: the reader's module is loaded by every timeline (and again in each of its
// worker threads), and the yaml package cost ~75 ms of CPU each time for evidence that had no YAML in it
const yaml = lazyModule<typeof Yaml>("yaml");

/** Deeper nesting than this is not followed (the same guard as the JSON reader's). */
const MAX_YAML_DEPTH = 1000;

/**
 * Parse a YAML document (what `kubectl get events -o yaml`, `helm history -o yaml` and most CLIs' `-o yaml` print)
 * into plain values, recording the line where every mapping and sequence starts, with the same interface as the JSON
 * reader so document formats read YAML and JSON alike. Never throws: a broken document yields what the YAML parser
 * recovered plus the first error's line and column. Aliases (which CLI output does not use) are read as null;
 * tagged values as their plain value.
 */
export function parseYamlLocated(text: string): LocatedJson {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const lines = new WeakMap<object, number>();
  let value: unknown;
  let problem: LocatedJson["problem"];
  try {
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
    const first = doc.errors[0];
    if (first) {
      const pos = counter.linePos(first.pos[0]);
      problem = {
        line: pos.line,
        column: pos.col,
        message: first.message.split("\n")[0] ?? "invalid YAML",
        truncated: first.code === "MISSING_CHAR" || first.code === "UNEXPECTED_TOKEN",
      };
    }
    const convert = (node: unknown, depth: number): unknown => {
      if (depth > MAX_YAML_DEPTH) return null;
      if (isScalar(node)) return node.value;
      if (isMap(node)) {
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key ?? "");
          out[key] = convert(pair.value, depth + 1);
        }
        mark(out, node);
        return out;
      }
      if (isSeq(node)) {
        const out = node.items.map((item) => convert(item, depth + 1));
        mark(out, node);
        return out;
      }
      return null;
    };
    const mark = (obj: object, node: Node) => {
      const start = node.range?.[0];
      if (start !== undefined) lines.set(obj, counter.linePos(start).line);
    };
    value = convert(doc.contents, 0);
  } catch (error) {
    problem = { line: 1, column: 1, message: (error as Error).message, truncated: false };
  }
  return {
    value,
    problem,
    lineOf: (node) => (typeof node === "object" && node !== null ? (lines.get(node) ?? 1) : 1),
    isPartial: () => false,
  };
}
