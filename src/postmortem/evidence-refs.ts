import type { Nodes } from "mdast";
import type { EvidenceRef } from "../model/common.js";

const EVIDENCE_REF = /^((?:[\w.-]+\/)*[\w.-]+\.[\w.]+|(?:[\w.-]+\/)+[\w.-]+):(\d+)(?:-\d+)?$/;

/** `path:line` references written as inline code anywhere under a node, deduplicated, in document order. */
export function collectEvidenceRefs(node: Nodes): EvidenceRef[] {
  const out: EvidenceRef[] = [];
  const seen = new Set<string>();
  // pre-order over every node, as walk() visits them, without its callback and parent bookkeeping
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === "inlineCode") {
      const m = EVIDENCE_REF.exec(n.value.trim());
      if (!m?.[1] || !m[2]) continue;
      const key = `${m[1]}:${m[2]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path: m[1], line: Number(m[2]) });
    } else if ("children" in n) {
      const children = n.children as Nodes[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Nodes);
    }
  }
  return out;
}
