import type { MilestoneName, TimelineEntry } from "../../../model/timeline.js";
import type { DraftBlockRenderer, DraftContext } from "../draft-block.js";
import { inlineText, MILESTONE_LABELS, refCode, tableTime } from "../draft-format.js";

interface Row {
  time: string;
  event: string;
  source: string;
  actor: string;
  /** From a source whose timestamps carry no zone, read as UTC by assumption. */
  assumed?: boolean;
}

/** The suspected trigger: the highest-ranked suspect change, if the engine ranked one highly enough. */
export function suspectedTrigger(ctx: DraftContext): { time: string; summary: string; ref: string | null } | null {
  const best = ctx.timeline.findings
    .filter((f) => f.kind === "suspect-change" && f.time)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  if (!best?.time || (best.score ?? 0) < 0.5) return null;
  const ev = best.evidence?.[0];
  return { time: best.time, summary: best.summary, ref: ev ? `${ev.path}:${ev.line}` : null };
}

function rowOf(ctx: DraftContext, e: TimelineEntry, label: string | null): Row {
  const text = inlineText(ctx.redact(e.event));
  const ref = e.evidence[0];
  return {
    time: e.time,
    event: label ? `**${label}** — ${text}` : text,
    source: ref ? refCode(ref) : inlineText(e.source),
    actor: e.actor ? inlineText(ctx.redact(e.actor)) : "",
    ...(e.assumedUtc ? { assumed: true } : {}),
  };
}

/** The Timeline table: the engine's distilled rows, milestones in bold, all times UTC. */
export const timelineBlock: DraftBlockRenderer = {
  name: "timeline",
  section: "timeline",
  placement: "end",
  render(ctx) {
    const { entries, milestones } = ctx.timeline;
    const trigger = suspectedTrigger(ctx);
    const rows: Row[] = [];
    const seen = new Set<MilestoneName>();
    for (const e of entries) {
      let label: string | null = null;
      let time = e.time;
      if (e.milestone) {
        label = MILESTONE_LABELS[e.milestone] ?? e.milestone;
        seen.add(e.milestone);
        // the milestone's own time is authoritative; a collapsed burst row may start earlier
        time = milestones[e.milestone]?.time ?? e.time;
      } else if (trigger && e.kind === "change" && e.time === trigger.time) {
        const ref = e.evidence[0];
        if (!trigger.ref || (ref && `${ref.path}:${ref.line}` === trigger.ref)) label = "Suggested trigger";
      }
      rows.push({ ...rowOf(ctx, e, label), time });
    }
    for (const [name, m] of Object.entries(milestones) as [MilestoneName, (typeof milestones)[MilestoneName]][]) {
      if (!m || seen.has(name)) continue;
      const ref = m.evidence[0];
      rows.push({
        time: m.time,
        event: `**${MILESTONE_LABELS[name] ?? name}**${m.rationale ? ` — ${inlineText(ctx.redact(m.rationale))}` : ""}`,
        source: ref ? refCode(ref) : "",
        actor: "",
      });
    }
    if (rows.length === 0) return null;
    rows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const assumed = rows.some((r) => r.assumed)
      ? " Times marked (assumed UTC) come from sources whose timestamps carry no zone and were read as UTC; set `timezone:` in debrief.yaml if they are local time."
      : "";
    const lines = [
      "",
      `All times UTC. Rows in bold are the incident's milestones.${assumed}`,
      "",
      "| Time | Event | Source | Actor |",
      "|---|---|---|---|",
      ...rows.map((r) =>
        `| ${tableTime(r.time)}${r.assumed ? " (assumed UTC)" : ""} | ${r.event} | ${r.source} | ${r.actor} |`.replace(
          / {2}\|$/,
          " |",
        ),
      ),
      "",
    ];
    return `${lines.join("\n")}\n`;
  },
};
