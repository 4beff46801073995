import type { Nodes, Root } from "mdast";

/** An inline `<!-- debrief-... -->` comment. */
export interface InlineDirective {
  kind: "disable" | "enable" | "disable-next-line";
  /** Rule ids or `namespace/*`; empty means every rule. */
  rules: string[];
  /** 1-based line the comment ends on. */
  line: number;
  /** Source offset of the comment start. */
  offset: number;
}

const DIRECTIVE = /<!--\s*debrief-(disable-next-line|disable|enable)\b([^>]*?)-->/g;

/**
 * Read directives from HTML comments in the tree (so examples inside code blocks are not directives).
 */
export function readDirectives(tree: Root): InlineDirective[] {
  const out: InlineDirective[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "html") {
      const base = node.position?.start.offset ?? 0;
      const baseLine = node.position?.start.line ?? 1;
      for (const m of node.value.matchAll(DIRECTIVE)) {
        const before = node.value.slice(0, m.index + m[0].length);
        const line = baseLine + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
        out.push({
          kind: m[1] as InlineDirective["kind"],
          rules: (m[2] ?? "")
            .split(/[\s,]+/)
            .map((r) => r.trim())
            .filter((r) => r.length > 0 && r !== "--"),
          line,
          offset: base + m.index,
        });
      }
      return;
    }
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return out.sort((a, b) => a.offset - b.offset);
}

function matches(patterns: readonly string[], rule: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => p === rule || (p.endsWith("/*") && rule.startsWith(p.slice(0, -1))));
}

/**
 * True when a finding of `rule` at `line`/`offset` is switched off: by a `disable-next-line` on the line above, or
 * by the last `disable`/`enable` before `offset`. Pass `Infinity` for document-level findings (a missing section
 * has no place in the text), so a `disable` anywhere in the file applies to them.
 */
export function isSuppressed(
  directives: readonly InlineDirective[],
  rule: string,
  line: number,
  offset: number,
): boolean {
  let disabled = false;
  for (const d of directives) {
    if (d.kind === "disable-next-line") {
      if (d.line === line - 1 && matches(d.rules, rule)) return true;
      continue;
    }
    if (d.offset > offset) break;
    // "enable a" inside a blanket "disable" switches only rule a back on
    if (matches(d.rules, rule)) disabled = d.kind === "disable";
  }
  return disabled;
}
