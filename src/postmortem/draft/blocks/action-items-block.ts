import type { EvidenceRef } from "../../../model/common.js";
import type { DraftBlockRenderer } from "../draft-block.js";
import { humanDuration, inlineText, suggested } from "../draft-format.js";

/**
 * Suggested action items from the findings, each a change to the system with its evidence: an alert on a failure
 * class nobody was alerted about, retention for a source with a hole, NTP for a skewed clock, a decision runbook for
 * a long wait, an alert on an unalerted saturation signal. A few, never a list of twenty.
 */
export const actionItemsBlock: DraftBlockRenderer = {
  name: "action-items",
  section: "actionItems",
  placement: "end",
  // suggestions add to the collection after the table; they never repeat what a person wrote
  appendToWrittenSection: true,
  render(ctx) {
    const { milestones, findings, durations } = ctx.timeline;
    const analysis = ctx.timeline.analysis;
    const items: Array<{ text: string; evidence: EvidenceRef[] }> = [];
    const top = analysis?.impact?.classes?.find((c) => !c.baseline);
    const noAlert = milestones.impactStart && analysis?.alerting && !analysis.alerting.firstAlert;
    const lateAlert = (analysis?.alerting?.alertLatencySeconds ?? 0) > 300;
    if (top && (noAlert || lateAlert || (durations.timeToDetect ?? 0) > 600)) {
      items.push({
        text: `Add an alert on the ${top.status} error ratio of \`${top.endpoint.replace(/`/g, "'")}\` that fires within 5 minutes of it leaving its baseline`,
        evidence: top.evidence,
      });
    }
    for (const s of (analysis?.saturation ?? []).filter((x) => !x.coveredByAlert).slice(0, 1)) {
      items.push({
        text: `Alert on "${inlineText(s.signal.slice(0, 60))}" before it affects requests`,
        evidence: s.evidence,
      });
    }
    const gapSources = new Set(findings.filter((f) => f.kind === "gap").map((f) => f.source ?? ""));
    for (const src of [...gapSources].slice(0, 2)) {
      const f = findings.find((x) => x.kind === "gap" && x.source === src);
      items.push({
        text: `Keep \`${src}\` complete through log rotation (ship before rotating, or retain the rotated file) so its holes do not hide events`,
        evidence: f?.evidence ?? [],
      });
    }
    for (const f of findings.filter((x) => x.kind === "clock-skew").slice(0, 2)) {
      items.push({
        text: `Synchronise the clock of the host writing \`${f.source ?? "?"}\` with NTP and alert when its offset exceeds 1 s`,
        evidence: f.evidence ?? [],
      });
    }
    const wait = analysis?.response?.waits?.find((w) => w.seconds >= 900);
    if (wait) {
      items.push({
        text: `Write a decision runbook with pre-approved criteria for "${inlineText(ctx.redact(wait.fromText.slice(0, 80)))}" (the incident waited ${humanDuration(wait.seconds)})`,
        evidence: wait.evidence,
      });
    }
    if (items.length === 0) return null;
    const lines = items
      .slice(0, 5)
      .map((i) => `- ${suggested(`${i.text} (owner and due date to be set)`, i.evidence)}`);
    return `\n${lines.join("\n")}\n\n`;
  },
};
