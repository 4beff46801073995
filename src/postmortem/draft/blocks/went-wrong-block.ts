import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, humanDuration, inlineText, suggested } from "../draft-format.js";

/** What went wrong, from measured durations and waits: late detection, long waits, false recoveries, blind spots. */
export const wentWrongBlock: DraftBlockRenderer = {
  name: "went-wrong",
  section: "whatWentWrong",
  placement: "start",
  render(ctx) {
    const { durations, milestones, findings } = ctx.timeline;
    const analysis = ctx.timeline.analysis;
    const items: string[] = [];
    if (durations.timeToDetect !== null && durations.timeToDetect > 600 && milestones.detected)
      items.push(
        suggested(`Detection came ${humanDuration(durations.timeToDetect)} after impact began`, [
          ...(milestones.impactStart?.evidence ?? []),
          ...milestones.detected.evidence,
        ]),
      );
    if (milestones.impactStart && analysis?.alerting && !analysis.alerting.firstAlert)
      items.push(
        suggested(
          "No alert fired for the failing requests; people noticed first",
          milestones.detected?.evidence ?? milestones.impactStart.evidence,
        ),
      );
    for (const w of analysis?.response?.waits ?? []) {
      if (w.seconds < 900) continue;
      items.push(
        suggested(
          `${humanDuration(w.seconds)} passed between "${inlineText(ctx.redact(w.fromText))}" and "${inlineText(ctx.redact(w.toText))}"`,
          w.evidence,
        ),
      );
    }
    for (const f of analysis?.impact?.falseRecoveries ?? []) {
      items.push(
        suggested(
          `Errors stopped at ${clockTime(f.at)} UTC after an action${f.action ? ` ("${inlineText(ctx.redact(f.action.slice(0, 80)))}")` : ""} and came back at ${clockTime(f.refailAt)}`,
          f.evidence,
        ),
      );
    }
    for (const f of findings.filter((x) => x.kind === "gap" || x.kind === "clock-skew").slice(0, 3)) {
      items.push(
        suggested(`The evidence itself was incomplete: ${inlineText(ctx.redact(f.summary))}`, f.evidence ?? []),
      );
    }
    if (items.length === 0) return null;
    return `\n${items.map((i) => `- ${i}`).join("\n")}\n\n`;
  },
};
