import type { EvidenceRef } from "../../../model/common.js";
import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, inlineText, suggested } from "../draft-format.js";
import { suspectedTrigger } from "./timeline-block.js";

/** The first whys the evidence supports: the failures, the error behind them, and the change that preceded it. */
export const whysBlock: DraftBlockRenderer = {
  name: "whys",
  section: "fiveWhys",
  placement: "start",
  render(ctx) {
    const { milestones, findings } = ctx.timeline;
    const impact = ctx.timeline.analysis?.impact;
    if (!milestones.impactStart) return null;
    const whys: Array<{ q: string; a: string; evidence: EvidenceRef[] }> = [];
    const top = impact?.classes?.find((c) => !c.baseline);
    const signature = findings.find((f) => f.kind === "error-signature");
    if (top) {
      whys.push({
        q: "Why did users see errors?",
        a: `Requests to \`${top.endpoint.replace(/`/g, "'")}\` and other endpoints returned ${top.status}${top.reason ? ` (${top.reason})` : ""}`,
        evidence: top.evidence,
      });
    }
    if (signature) {
      whys.push({
        q: "Why did those requests fail?",
        a: `The logs show a failure that was new or far above its baseline: ${inlineText(ctx.redact(signature.summary))}`,
        evidence: signature.evidence ?? [],
      });
    }
    const saturation = ctx.timeline.analysis?.saturation?.[0];
    if (saturation) {
      whys.push({
        q: "Why did that happen?",
        a: `A resource ran out: "${inlineText(ctx.redact(saturation.signal.slice(0, 100)))}" from ${clockTime(saturation.first)} to ${clockTime(saturation.last)} UTC`,
        evidence: saturation.evidence,
      });
    }
    const trigger = suspectedTrigger(ctx);
    if (trigger) {
      const [path, line] = trigger.ref
        ? [trigger.ref.replace(/:\d+$/, ""), Number(/:(\d+)$/.exec(trigger.ref)?.[1] ?? 0)]
        : [];
      whys.push({
        q: "Why did it start when it did?",
        a: `A change took effect shortly before: ${inlineText(ctx.redact(trigger.summary))}`,
        evidence: path ? [{ path, line: line ?? 0 }] : [],
      });
    }
    if (whys.length === 0) return null;
    const lines = whys.map((w, i) => `${i + 1}. ${w.q} ${suggested(w.a, w.evidence)}`);
    lines.push(
      "",
      "The evidence stops here; the deeper whys (why the system allowed it) are for the people who know it.",
    );
    return `\n${lines.join("\n")}\n\n`;
  },
};
