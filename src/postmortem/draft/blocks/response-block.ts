import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, humanDuration, inlineText, suggested } from "../draft-format.js";

/** The story of the response under the timeline table: phases, the longest waits, and who was involved. */
export const responseBlock: DraftBlockRenderer = {
  name: "response",
  section: "timeline",
  placement: "end",
  render(ctx) {
    const story = ctx.timeline.analysis?.response;
    if (!story || (story.phases.length === 0 && story.waits.length === 0 && story.people.length === 0)) return null;
    const h = "#".repeat(ctx.subheadingDepth);
    const out: string[] = ["", `${h} The response`, ""];
    for (const p of story.phases) {
      out.push(
        `- ${suggested(`${p.name[0]?.toUpperCase()}${p.name.slice(1)}: ${clockTime(p.start)}–${clockTime(p.end)} UTC (${humanDuration(p.seconds)})`, p.evidence)}`,
      );
    }
    for (const w of story.waits.slice(0, 3)) {
      out.push(
        `- ${suggested(`Wait of ${humanDuration(w.seconds)} between "${inlineText(ctx.redact(w.fromText))}" (${clockTime(w.from)}) and "${inlineText(ctx.redact(w.toText))}" (${clockTime(w.to)})`, w.evidence)}`,
      );
    }
    if (story.people.length > 0) {
      const people = story.people
        .slice(0, 12)
        .map((p) => `${inlineText(ctx.redact(p.name))} (${p.role}, first at ${clockTime(p.first)})`)
        .join(", ");
      out.push(`- ${suggested(`Involved: ${people}`)}`);
    }
    return `${out.join("\n")}\n\n`;
  },
};
