import type { List } from "mdast";
import type { Postmortem, WhyStep } from "../../model/postmortem.js";
import { plainText } from "../markdown-tree.js";
import { contentNodes, hasProse, type SectionContext, type SectionReader, type SectionSpan } from "./section-reader.js";

const WHY_BECAUSE = /^\s*(?:\d+[.)]\s*)?(why\b[\s\S]*?\?)\s*[-–—:>→]*\s*(?:because\b[\s:,]*)?([\s\S]*)$/i;
const WHY_ONLY = /^\s*(?:\d+[.)]\s*)?(why\b[\s\S]*?)\s*$/i;
const BECAUSE_ONLY = /^\s*(?:[-–—:>→]\s*)?because\b[\s:,]*([\s\S]*)$/i;

function readWhys(span: SectionSpan, pm: Postmortem, ctx: SectionContext): void {
  const nodes = contentNodes(span);
  for (const node of nodes) {
    if (node.type === "paragraph" && pm.whys.steps.length === 0) {
      const t = plainText(node).replace(/^problem( statement)?\s*:\s*/i, "");
      if (t && pm.whys.problem === undefined) pm.whys.problem = t;
      continue;
    }
    if (node.type !== "list") continue;
    readWhyList(node, pm.whys.steps, ctx);
  }
  if (pm.whys.steps.length === 0 && hasProse(span)) {
    ctx.problem(
      "whys-unstructured",
      "Five Whys has no numbered list of `**Why** ...? **Because** ...` steps",
      ctx.nodePos(span.heading),
    );
  }
}

function readWhyList(list: List, steps: WhyStep[], ctx: SectionContext): void {
  for (const item of list.children) {
    const text = plainText(item);
    const m = WHY_BECAUSE.exec(text);
    if (m?.[1]) {
      const step: WhyStep = { why: m[1].trim(), because: (m[2] ?? "").trim(), position: ctx.nodePos(item) };
      if (!step.because) {
        ctx.problem("why-step-incomplete", `why step "${step.why}" has no "because" answer`, ctx.nodePos(item));
      }
      steps.push(step);
      continue;
    }
    const w = WHY_ONLY.exec(text);
    const b = BECAUSE_ONLY.exec(text);
    const prev = steps[steps.length - 1];
    if (b && prev && !prev.because) {
      // "1. Why ...?" followed by "- Because ..." as its own item
      prev.because = (b[1] ?? "").trim();
      continue;
    }
    if (w?.[1]) {
      steps.push({ why: w[1].trim(), because: "", position: ctx.nodePos(item) });
      ctx.problem("why-step-incomplete", `why step "${w[1].trim()}" has no "because" answer`, ctx.nodePos(item));
      continue;
    }
    ctx.problem(
      "why-step-unrecognised",
      `"${text.slice(0, 80)}" is not a why -> because step (expected "**Why** ...? **Because** ...")`,
      ctx.nodePos(item),
    );
  }
}

/** Five whys: a problem statement, then a list of `Why ...? Because ...` steps. */
export const whysReader: SectionReader = { key: "fiveWhys", read: readWhys };
