import { join } from "node:path";
import ical, { ICalCalendarMethod } from "ical-generator";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { PlannedStep, PublishChannel, PublishContext, PublishSummary } from "../publish-types.js";

const DAY = 86_400_000;

/**
 * The follow-up review slot: four weeks after resolution, moved off weekends, 14:00 UTC (a time that is inside
 * business hours from the US East Coast to central Europe).
 */
export function followUpStart(resolvedAt: Date): Date {
  const d = new Date(resolvedAt.getTime() + 28 * DAY);
  const day = d.getUTCDay();
  const shift = day === 6 ? 2 : day === 0 ? 1 : 0;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + shift, 14, 0, 0));
}

/** The ICS invitation for the follow-up review; deterministic (stable UID and stamp) so a rerun writes the same bytes. */
export function followUpIcs(summary: PublishSummary, start: Date, actionLines: string[], organizer?: string): string {
  const cal = ical({
    name: `Post-mortem follow-up: ${summary.id}`,
    method: ICalCalendarMethod.REQUEST,
    prodId: { company: "debrief", product: "follow-up", language: "EN" },
  });
  cal.createEvent({
    id: `${summary.id}-follow-up@debrief`,
    start,
    end: new Date(start.getTime() + 45 * 60_000),
    stamp: summary.resolvedAt ? new Date(summary.resolvedAt) : start,
    summary: `Follow-up review: ${summary.title} (${summary.id})`,
    description: [
      `Four weeks after ${summary.id} was resolved: check that the fixes worked, not only that tickets closed.`,
      "",
      ...actionLines,
    ].join("\n"),
    ...(organizer ? { organizer: { name: "Debrief", email: organizer } } : {}),
  });
  return cal.toString();
}

/** Build the follow-up invitation for a post-mortem, or undefined when it has no resolution time yet. */
export function planFollowUp(
  dir: string,
  summary: PublishSummary,
  actionLines: string[],
  organizer?: string,
): { file: string; content: string; start: Date } | undefined {
  if (!summary.resolvedAt) return undefined;
  const resolved = new Date(summary.resolvedAt);
  if (Number.isNaN(resolved.getTime())) return undefined;
  const start = followUpStart(resolved);
  return {
    file: join(dir, "follow-up-review.ics"),
    content: followUpIcs(summary, start, actionLines, organizer),
    start,
  };
}

/** Writes `follow-up-review.ics` next to the report; always on when the incident is resolved. */
export const icsChannel: PublishChannel = {
  id: "ics",
  enabled: () => true,
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const ics = ctx.ics;
    if (!ics) {
      ctx.log("no follow-up review scheduled: resolvedAt is not set in the front matter");
      return [];
    }
    return [
      {
        id: "ics",
        channel: "ics",
        description: `write ${ics.file.split(/[\\/]/).pop()} for the follow-up review on ${ics.start.toISOString()}`,
        preview: { file: ics.file, start: ics.start.toISOString(), ics: ics.content },
        idempotent: true,
        async run() {
          await writeFileAtomic(ics.file, ics.content);
          return { file: ics.file, start: ics.start.toISOString() };
        },
      },
    ];
  },
};
