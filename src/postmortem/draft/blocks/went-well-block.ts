import type { DraftBlockRenderer } from "../draft-block.js";
import { humanDuration, suggested } from "../draft-format.js";

/** What went well, from measured durations: fast detection, acknowledgement and repair. */
export const wentWellBlock: DraftBlockRenderer = {
  name: "went-well",
  section: "whatWentWell",
  placement: "start",
  render(ctx) {
    const { durations, milestones } = ctx.timeline;
    const items: string[] = [];
    if (durations.timeToDetect !== null && durations.timeToDetect <= 300 && milestones.detected)
      items.push(
        suggested(
          `Detection came ${humanDuration(durations.timeToDetect)} after impact began`,
          milestones.detected.evidence,
        ),
      );
    if (durations.timeToAcknowledge !== null && durations.timeToAcknowledge <= 300 && milestones.acknowledged)
      items.push(
        suggested(
          `The page was acknowledged ${humanDuration(durations.timeToAcknowledge)} after it was sent`,
          milestones.acknowledged.evidence,
        ),
      );
    const repair = ctx.timeline.analysis?.response?.phases.find((p) => p.name === "repair");
    if (repair && repair.seconds <= 900 && milestones.mitigated)
      items.push(
        suggested(`The repair took ${humanDuration(repair.seconds)} once decided`, milestones.mitigated.evidence),
      );
    if (items.length === 0) return null;
    return `\n${items.map((i) => `- ${i}`).join("\n")}\n\n`;
  },
};
