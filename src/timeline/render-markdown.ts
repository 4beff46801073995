import type { Finding, MilestoneName, Timeline } from "../model/timeline.js";
import { MILESTONE_NAMES } from "../model/timeline.js";

/**
 * Markdown rendering of a timeline: the `| Time | Event | Source | Actor |` table a post-mortem pastes, then the
 * milestones, durations and findings. Times are UTC; the table shows the date once per day change so a table
 * crossing midnight stays unambiguous.
 */

const LABELS: Record<MilestoneName, string> = {
  impactStart: "Impact start",
  detected: "Detected",
  paged: "Paged",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  recovered: "Recovered",
  resolved: "Resolved",
};

/** Escape text for a Markdown table cell. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** `1h 02m 03s`-style duration. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const sign = seconds < 0 ? "-" : "";
  let s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, "0")}m ${String(s).padStart(2, "0")}s`;
  if (m > 0) return `${sign}${m}m ${String(s).padStart(2, "0")}s`;
  return `${sign}${s}s`;
}

function findingLine(f: Finding): string {
  return `- **${f.kind}**: ${f.summary}${f.evidence && f.evidence.length > 0 ? ` (${f.evidence.map((e) => `${e.path}:${e.line}`).join(", ")})` : ""}`;
}

/** Render the timeline as Markdown. */
export function renderTimelineMarkdown(t: Timeline): string {
  const out: string[] = [];
  out.push(`## Timeline (UTC)`, "");
  out.push(`Window: ${t.window.start} – ${t.window.end}`, "");
  if (t.entries.some((e) => e.assumedUtc))
    out.push(
      "Times marked (assumed UTC) come from sources whose timestamps carry no zone and were read as UTC; set `timezone:` in debrief.yaml if they are local time.",
      "",
    );
  out.push("| Time | Event | Source | Actor |", "|---|---|---|---|");
  let day = "";
  for (const e of t.entries) {
    const d = e.time.slice(0, 10);
    const time = d !== day ? `${d} ${e.time.slice(11, 19)}` : e.time.slice(11, 19);
    day = d;
    const mark = e.milestone ? `**${LABELS[e.milestone]}**: ` : "";
    const ref = e.evidence[0] ? `${e.evidence[0].path}:${e.evidence[0].line}` : e.source;
    out.push(
      `| ${time}${e.assumedUtc ? " (assumed UTC)" : ""} | ${escapeCell(mark + e.event)} | ${escapeCell(ref)} | ${escapeCell(e.actor ?? "")} |`,
    );
  }
  out.push("", "### Milestones", "", "| Milestone | Time | Confidence | Evidence |", "|---|---|---|---|");
  for (const name of MILESTONE_NAMES) {
    const m = t.milestones[name];
    if (!m) {
      out.push(`| ${LABELS[name]} | not found | — | — |`);
      continue;
    }
    const ev = m.evidence.map((x) => `${x.path}:${x.line}`).join(", ");
    out.push(`| ${LABELS[name]} | ${m.time} | ${m.confidence.toFixed(2)} | ${escapeCell(ev)} |`);
  }
  const d = t.durations;
  out.push(
    "",
    "### Durations (time to acknowledge from the page, the rest from impact start; docs/durations.md)",
    "",
    `- Time to detect: ${formatDuration(d.timeToDetect)}`,
    `- Time to acknowledge: ${formatDuration(d.timeToAcknowledge)}`,
    `- Time to mitigate: ${formatDuration(d.timeToMitigate)}`,
    `- Time to recover: ${formatDuration(d.timeToRecover)}`,
    `- Time to resolve: ${formatDuration(d.timeToResolve)}`,
    `- Impact duration: ${formatDuration(d.impact)}`,
  );
  if (t.findings.length > 0) {
    out.push("", "### Findings", "");
    for (const f of t.findings) out.push(findingLine(f));
  }
  return `${out.join("\n")}\n`;
}
