import type { ListItem } from "mdast";
import {
  type ContributingFactor,
  type FactorCategory,
  FactorCategory as FactorCategorySchema,
  type FactorLevel,
  FactorLevel as FactorLevelSchema,
  type Postmortem,
} from "../../model/postmortem.js";
import { collectEvidenceRefs } from "../evidence-refs.js";
import { plainText } from "../markdown-tree.js";
import { matchFactorLevel } from "../sections.js";
import { contentNodes, hasProse, type SectionContext, type SectionReader, type SectionSpan } from "./section-reader.js";

const CATEGORY_WORDS: [RegExp, FactorCategory][] = [
  [/\b(deploy|deployed|deployment|release|rollout|rolled out|upgrade|migration|change|v\d+\.\d+)/i, "change"],
  [/\b(alert|alerting|monitor|monitoring|dashboard|paged?|observability|detect)/i, "monitoring"],
  [/\b(pool|capacity|saturat|exhaust|memory|cpu|disk|quota|limit|load|traffic|scal)/i, "capacity"],
  [/\b(config|configuration|flag|setting|parameter|timeout value)/i, "configuration"],
  [/\b(dependency|upstream|downstream|third.party|vendor|provider|dns|cdn)/i, "dependency"],
  [/\b(runbook|process|review|approval|handoff|escalation|on.call)/i, "process"],
  [/\b(training|onboarding|knowledge|familiar)/i, "people-and-training"],
  [/\b(tool|tooling|script|cli|automation)/i, "tooling"],
  [/\b(bug|code|regression|null pointer|exception|query)/i, "code"],
  [/\b(network|hardware|power|datacenter|region|zone|certificate|expir)/i, "environment"],
];

/** Best-effort fishbone category of a factor's text, used when the author did not tag one. */
export function guessCategory(text: string): FactorCategory {
  for (const [re, cat] of CATEGORY_WORDS) if (re.test(text)) return cat;
  return "other";
}

const SUGGESTED = /^\s*suggested\b\s*(?:\(([^)]*)\))?\s*:?\s*/i;
// the model's own lists, so a category added there is understood here
const LEVELS: readonly string[] = FactorLevelSchema.options;
const CATEGORIES: ReadonlySet<string> = new Set(FactorCategorySchema.options);

function readFactors(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void {
  let level: FactorLevel = "contributing";
  let found = 0;
  for (const node of contentNodes(span)) {
    if (node.type === "heading") {
      level = matchFactorLevel(plainText(node)) ?? level;
      continue;
    }
    if (node.type === "paragraph" && node.children.length === 1 && node.children[0]?.type === "strong") {
      // "**Immediate cause**" on its own line works as a sub-heading in many documents
      level = matchFactorLevel(plainText(node)) ?? level;
      continue;
    }
    if (node.type !== "list") continue;
    for (const item of node.children) {
      const factor = readFactorItem(item, level, ctx);
      if (factor) {
        pm.factors.push(factor);
        found++;
      }
    }
  }
  if (found === 0 && hasProse(span)) {
    ctx.problem(
      "factors-unstructured",
      "Contributing Factors has no bullet lists; write one factor per bullet under Immediate Cause / Contributing Factors / Systemic Issues",
      ctx.nodePos(span.heading),
    );
  }
}

function readFactorItem(item: ListItem, level: FactorLevel, ctx: SectionContext): ContributingFactor | null {
  let text = plainText(item);
  if (!text) return null;
  let suggested = false;
  let category: FactorCategory | null = null;
  const m = SUGGESTED.exec(text);
  if (m) {
    suggested = true;
    text = text.slice(m[0].length).trim();
    for (const tag of (m[1] ?? "").split(/[,;/]/).map((t) => t.trim().toLowerCase())) {
      if (LEVELS.includes(tag)) level = tag as FactorLevel;
      else if (CATEGORIES.has(tag)) category = tag as FactorCategory;
    }
  }
  const evidence = collectEvidenceRefs(item);
  if (evidence.length > 0) text = text.replace(/[\s.;,—–-]*\bevidence\s*:\s*[^\s]+(?:[\s,]+[^\s]+:\d+)*\s*$/i, "");
  return {
    level,
    category: category ?? guessCategory(text),
    text,
    suggested,
    evidence,
    position: ctx.nodePos(item),
  };
}

/** Contributing factors: bullets under Immediate / Contributing / Systemic sub-headings, with suggested tags. */
export const factorsReader: SectionReader = { key: "contributingFactors", read: readFactors };
