import type { Postmortem } from "../../model/postmortem.js";
import { plainText, tableRows } from "../markdown-tree.js";
import { contentNodes, hasProse, type SectionContext, type SectionReader, type SectionSpan } from "./section-reader.js";
import { normaliseHeader, tablesIn } from "./section-tables.js";

const IMPACT_KEYS: [RegExp, string][] = [
  [/^(total |impact |incident |outage )?(duration|length)|^time (of|in) impact/, "duration"],
  [
    /(users?|customers?|accounts?|tenants?|merchants?) (affected|impacted)|^affected (users|customers)/,
    "usersAffected",
  ],
  [
    /(requests?|queries|calls|transactions|orders|jobs) (failed|lost|dropped|errored)|^failed (requests|queries|calls|orders)|^errors$/,
    "requestsFailed",
  ],
  [/error.?rate|^peak error|error percentage/, "errorRatePeak"],
  [/revenue|financial|cost|money/, "revenue"],
  [/^sla|^slo|error budget|^credits?/, "sla"],
  [/endpoints?|routes?|paths?|apis?/, "endpoints"],
  [/hosts?|instances?|nodes?|pods?/, "hosts"],
  [/regions?|zones?|locations?/, "regions"],
  [/services?|components?|systems?/, "services"],
];

/** Canonical key for an impact label ("Users affected" -> usersAffected); unknown labels become camelCase. */
export function impactKey(label: string): string {
  const n = normaliseHeader(label);
  for (const [re, key] of IMPACT_KEYS) if (re.test(n)) return key;
  const words = n.split(" ").filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : (w[0]?.toUpperCase() ?? "") + w.slice(1))).join("") || "value";
}

function readImpact(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void {
  let found = 0;
  for (const table of tablesIn(span)) {
    const rows = tableRows(table, ctx.source);
    const header = rows[0];
    if (!header) continue;
    const headerIsLabels = /^(metric|measure|what|item|dimension|category|field|name|impact|)$/.test(
      normaliseHeader(header.cells[0]?.text ?? ""),
    );
    for (const row of headerIsLabels ? rows.slice(1) : rows) {
      const label = row.cells[0]?.text ?? "";
      const value = row.cells
        .slice(1)
        .map((c) => c.raw)
        .filter(Boolean)
        .join(" | ");
      if (!label) continue;
      if (row.cells.length < 2) {
        ctx.problem("table-row-malformed", `impact row "${label}" has no value column`, ctx.pos(row.start, row.end));
        continue;
      }
      pm.impact[impactKey(label)] = value;
      found++;
    }
  }
  for (const node of contentNodes(span)) {
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const m = /^([^:]{1,60}):\s*(.+)$/s.exec(plainText(item));
      if (m?.[1] && m[2]) {
        pm.impact[impactKey(m[1])] = m[2].trim();
        found++;
      }
    }
  }
  if (found === 0 && hasProse(span)) {
    ctx.problem(
      "impact-unstructured",
      "Impact is prose only; figures (duration, users affected, requests failed, error-rate peak) are easier to check in a table",
      ctx.nodePos(span.heading),
    );
  }
}

/** Impact: a label/value table or `label: value` bullets, keyed by {@link impactKey}. */
export const impactReader: SectionReader = { key: "impact", read: readImpact };
