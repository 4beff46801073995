import type { EvidenceRef } from "../../../model/common.js";
import type { DraftBlockRenderer, DraftContext } from "../draft-block.js";
import { clockTime, count, humanDuration, inlineText, percent, suggested } from "../draft-format.js";
import { suspectedTrigger } from "./timeline-block.js";

/** `GET /api/pay` (67.0 % of its 1,850 requests failed) */
function classesText(ctx: DraftContext): { text: string; evidence: EvidenceRef[] } | null {
  // baseline classes (steady noise on another class) are listed apart, not as what failed
  const classes = (ctx.timeline.analysis?.impact?.classes ?? []).filter((c) => !c.baseline);
  if (classes.length === 0) return null;
  const byEndpoint = new Map<
    string,
    { failed: number; total: number; statuses: Set<string>; evidence: EvidenceRef[] }
  >();
  for (const c of classes) {
    const e = byEndpoint.get(c.endpoint) ?? { failed: 0, total: c.total, statuses: new Set(), evidence: [] };
    e.failed += c.failed;
    e.total = Math.max(e.total, c.total);
    e.statuses.add(c.reason ? `${c.status} ${c.reason}` : c.status);
    e.evidence.push(...c.evidence);
    byEndpoint.set(c.endpoint, e);
  }
  const top = [...byEndpoint.entries()].sort((a, b) => b[1].failed - a[1].failed).slice(0, 3);
  const text = top
    .map(
      ([ep, e]) =>
        `\`${ep.replace(/`/g, "'")}\` (${count(e.failed)} of its ${count(e.total)} requests failed, ${percent(e.failed / Math.max(1, e.total))}, ${[...e.statuses].join("/")})`,
    )
    .join(", ");
  return { text, evidence: top.flatMap(([, e]) => e.evidence.slice(0, 1)) };
}

/** What failed, for whom, how long, what triggered it and what mitigated it: each sentence from the evidence. */
export const summaryBlock: DraftBlockRenderer = {
  name: "summary",
  section: "summary",
  placement: "start",
  render(ctx) {
    const { milestones, durations, entries } = ctx.timeline;
    const impact = ctx.timeline.analysis?.impact;
    const start = milestones.impactStart;
    if (!start) return null;
    const lines: string[] = [];
    const end = milestones.recovered;
    const shape =
      impact?.intermittent && (impact.segments?.length ?? 0) > 1
        ? `, intermittently in ${impact.segments?.length} bursts`
        : "";
    const span = end
      ? `from ${clockTime(start.time)} to ${clockTime(end.time)} UTC (${humanDuration(durations.impact ?? 0)}${shape})`
      : `from ${clockTime(start.time)} UTC until the end of the evidence`;
    const cls = classesText(ctx);
    if (cls) {
      lines.push(
        suggested(`Requests failed ${span}: ${cls.text}`, [
          ...start.evidence,
          ...cls.evidence,
          ...(end?.evidence ?? []),
        ]),
      );
    } else {
      lines.push(suggested(`Errors were elevated ${span}`, [...start.evidence, ...(end?.evidence ?? [])]));
    }
    const who: string[] = [];
    if (impact?.affected)
      who.push(`${count(impact.affected.count)} distinct ${impact.affected.field} values had failures`);
    if (impact?.business) {
      const sums = Object.entries(impact.business.sums)
        .map(([cur, v]) => `${v.toLocaleString("en-US", { maximumFractionDigits: 2 })}${cur ? ` ${cur}` : ""}`)
        .join(" + ");
      who.push(`${count(impact.business.transactions)} failed transactions worth ${sums}`);
    }
    if (impact?.slo)
      who.push(
        `${percent(impact.slo.budgetConsumed)} of the ${impact.slo.window} error budget was spent (burn rate ${impact.slo.burnRate}×)`,
      );
    if (who.length > 0) lines.push(suggested(`For users: ${who.join("; ")}`, start.evidence));
    const trigger = suspectedTrigger(ctx);
    if (trigger) {
      const lead = (Date.parse(start.time) - Date.parse(trigger.time)) / 1000;
      // a rollout still under way when the first requests failed took effect after impact began
      const before = `${humanDuration(lead)} ${lead >= 0 ? "before" : "after"}`;
      const [path, line] = trigger.ref
        ? [trigger.ref.replace(/:\d+$/, ""), Number(/:(\d+)$/.exec(trigger.ref)?.[1] ?? 0)]
        : [];
      lines.push(
        suggested(
          `The suspected trigger is a change that took effect at ${clockTime(trigger.time)} UTC, ${before} impact began: ${inlineText(ctx.redact(trigger.summary.replace(/^.*?: /, "")))}`,
          path ? [{ path, line: line ?? 0 }] : [],
        ),
      );
    } else {
      lines.push(suggested("No deploy, flag or configuration change in the evidence ranks as a likely trigger", []));
    }
    const detected = milestones.detected;
    if (detected) {
      const how = detected.rationale ? ` (${inlineText(detected.rationale)})` : "";
      lines.push(
        suggested(
          `It was detected at ${clockTime(detected.time)} UTC${how}, ${humanDuration(durations.timeToDetect ?? 0)} after impact began${milestones.acknowledged && durations.timeToAcknowledge !== null ? `; the page was acknowledged ${humanDuration(durations.timeToAcknowledge)} after it was sent` : ""}`,
          [...detected.evidence, ...(milestones.acknowledged?.evidence ?? [])],
        ),
      );
    }
    const mitigated = milestones.mitigated;
    if (mitigated) {
      const row = entries.find((e) => e.milestone === "mitigated");
      const what = row ? `: ${inlineText(ctx.redact(row.event)).slice(0, 160)}` : "";
      const actor = row?.actor ? ` (${inlineText(row.actor)})` : "";
      lines.push(
        suggested(
          `Impact ended after the action taken at ${clockTime(mitigated.time)} UTC${actor}${what}`,
          mitigated.evidence,
        ),
      );
    } else if (end) {
      lines.push(suggested("No action in the evidence was followed by the lasting drop in failures", end.evidence));
    }
    return `\n${lines.map((l) => `- ${l}`).join("\n")}\n\n`;
  },
};
