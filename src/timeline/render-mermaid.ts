import type { MilestoneName, Timeline } from "../model/timeline.js";
import { MILESTONE_NAMES } from "../model/timeline.js";

/**
 * Mermaid rendering for GitHub: a `gantt` chart, because it places events on a real time axis (a `timeline`
 * diagram spaces sections evenly and would hide that detection took 90 s and recovery 30 min). Phases of the
 * incident are bars between milestones; milestones are Mermaid milestones; the rest of the rows are short tasks.
 */

/** Mermaid task names must not contain `:`, `#` or `;` (they end the name or start a comment). */
function safe(text: string, max = 60): string {
  // `<*>` and other angle brackets would be read as HTML by Mermaid's label renderer.
  const t = text
    .replace(/<\*>/g, "*")
    .replace(/[:#;<>]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t || "event";
}

const LABELS: Record<MilestoneName, string> = {
  impactStart: "Impact start",
  detected: "Detected",
  paged: "Paged",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  recovered: "Recovered",
  resolved: "Resolved",
};

/** Render the timeline as a fenced Mermaid gantt chart. */
export function renderTimelineMermaid(t: Timeline): string {
  const lines = [
    "```mermaid",
    "gantt",
    "  title Incident timeline (UTC)",
    "  dateFormat YYYY-MM-DDTHH:mm:ss",
    "  axisFormat %H:%M",
  ];
  const iso = (s: string) => s.slice(0, 19);
  const m = t.milestones;
  const phases: Array<[string, MilestoneName, MilestoneName]> = [
    ["Undetected", "impactStart", "detected"],
    ["Detected to acknowledged", "detected", "acknowledged"],
    ["Acknowledged to mitigated", "acknowledged", "mitigated"],
    ["Mitigated to recovered", "mitigated", "recovered"],
    ["Recovered to resolved", "recovered", "resolved"],
  ];
  const phaseLines: string[] = [];
  for (const [label, a, b] of phases) {
    const x = m[a];
    const y = m[b];
    if (!x || !y || Date.parse(y.time) <= Date.parse(x.time)) continue;
    const secs = Math.max(1, Math.round((Date.parse(y.time) - Date.parse(x.time)) / 1000));
    phaseLines.push(`  ${safe(label)} :${a}-${b}, ${iso(x.time)}, ${secs}s`);
  }
  if (m.impactStart && m.recovered) {
    const secs = Math.max(1, Math.round((Date.parse(m.recovered.time) - Date.parse(m.impactStart.time)) / 1000));
    phaseLines.unshift(`  User impact :crit, impact, ${iso(m.impactStart.time)}, ${secs}s`);
  }
  if (phaseLines.length > 0) lines.push("  section Phases", ...phaseLines);
  const ms = MILESTONE_NAMES.filter((n) => m[n]);
  if (ms.length > 0) {
    lines.push("  section Milestones");
    for (const n of ms) lines.push(`  ${LABELS[n]} :milestone, ${n}, ${iso(m[n]?.time ?? "")}, 0s`);
  }
  const events = t.entries.filter((e) => !e.milestone);
  if (events.length > 0) {
    lines.push("  section Events");
    events.forEach((e, i) => {
      const secs = Math.max(1, Math.round((Date.parse(e.last) - Date.parse(e.first)) / 1000));
      lines.push(`  ${safe(e.event)} :e${i}, ${iso(e.first)}, ${secs}s`);
    });
  }
  lines.push("```");
  return `${lines.join("\n")}\n`;
}
