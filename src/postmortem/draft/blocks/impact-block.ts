import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, count, humanDuration, inlineText, percent } from "../draft-format.js";

/** Impact figures the evidence supports: durations from milestones, failed requests and peaks from access logs. */
export const impactBlock: DraftBlockRenderer = {
  name: "impact",
  section: "impact",
  placement: "end",
  render(ctx) {
    const { durations, milestones } = ctx.timeline;
    const impact = ctx.timeline.analysis?.impact;
    const rows: [string, string][] = [];
    const start = milestones.impactStart?.time;
    const end = milestones.recovered?.time ?? milestones.mitigated?.time;
    if (durations.impact !== null && start && end) {
      const until = milestones.recovered ? "recovery" : "mitigation";
      rows.push([
        "Duration",
        `${humanDuration(durations.impact)} (${clockTime(start)}–${clockTime(end)} UTC, impact start to ${until})`,
      ]);
    } else if (durations.impact !== null) {
      rows.push(["Duration", humanDuration(durations.impact)]);
    }
    const timed: [string, number | null][] = [
      ["Time to detect", durations.timeToDetect],
      ["Time to acknowledge", durations.timeToAcknowledge],
      ["Time to mitigate", durations.timeToMitigate],
      ["Time to resolve", durations.timeToResolve],
    ];
    for (const [label, s] of timed) if (s !== null) rows.push([label, humanDuration(s)]);
    if (impact) {
      if (impact.failedRequests !== null && impact.failedRequests !== undefined) {
        const of =
          impact.totalRequests && impact.totalRequests > 0
            ? ` of ${count(impact.totalRequests)} (${percent(impact.failedRequests / impact.totalRequests)})`
            : "";
        rows.push(["Requests failed", `${count(impact.failedRequests)}${of}`]);
      }
      if (impact.peak) {
        const baseline =
          impact.baselineErrorRate !== null && impact.baselineErrorRate !== undefined
            ? `; baseline ${percent(impact.baselineErrorRate)}`
            : "";
        rows.push([
          "Error-rate peak",
          `${percent(impact.peak.errorRate)} at ${clockTime(impact.peak.time).slice(0, 5)} UTC (${count(impact.peak.failed)} of ${count(impact.peak.total)} requests that minute)${baseline}`,
        ]);
      }
      const classes = (impact.classes ?? []).filter((c) => !c.baseline);
      for (const c of classes.slice(0, 6)) {
        rows.push([
          `Failed on \`${c.endpoint.replace(/`/g, "'").replace(/\|/g, "\\|")}\``,
          `${count(c.failed)} of that endpoint's ${count(c.total)} requests (${percent(c.errorRate)}), ${c.status}${c.reason ? ` ${inlineText(c.reason)}` : ""}${c.service ? ` on ${inlineText(c.service)}` : ""}`,
        ]);
      }
      for (const n of (impact.baselineNoise ?? []).slice(0, 3)) {
        rows.push([
          "Baseline noise (not this incident)",
          `${n.status}${n.reason ? ` ${inlineText(n.reason)}` : ""} on \`${n.endpoint.replace(/`/g, "'").replace(/\|/g, "\\|")}\`, ${n.perMinute}/min before and during the incident`,
        ]);
      }
      if (impact.affected)
        rows.push([
          "Users affected",
          `${count(impact.affected.count)}${impact.affected.capped ? "+" : ""} distinct \`${inlineText(impact.affected.field)}\` values with failures (${inlineText(impact.affected.source)})`,
        ]);
      if (impact.business) {
        const sums = Object.entries(impact.business.sums)
          .map(
            ([cur, v]) =>
              `${v.toLocaleString("en-US", { maximumFractionDigits: 2 })}${cur ? ` ${inlineText(cur)}` : ""}`,
          )
          .join(" + ");
        rows.push([
          "Failed transactions",
          `${count(impact.business.transactions)} worth ${sums} (${inlineText(impact.business.source)})`,
        ]);
      }
      if (impact.slo)
        rows.push([
          "Error budget",
          `${percent(impact.slo.budgetConsumed)} of the ${inlineText(impact.slo.window)} budget at ${percent(impact.slo.target)} (${count(impact.slo.badEvents)} bad of ${count(impact.slo.budgetEvents)} allowed; burn rate ${impact.slo.burnRate}×)`,
        ]);
      if (impact.intermittent)
        rows.push(["Shape", "intermittent: bursts separated by quiet stretches, tied together by the response"]);
      const endpoints = classes.length > 0 ? [] : (impact.endpoints ?? []).filter((e) => e.failed > 0);
      if (endpoints.length > 0) {
        rows.push([
          "Affected endpoints",
          endpoints
            .slice(0, 5)
            .map(
              (e) =>
                `${e.endpoint === "(other)" ? "other endpoints" : `\`${ctx.redact(e.endpoint).replace(/`/g, "'").replace(/\|/g, "\\|")}\``} (${count(e.failed)} failed)`,
            )
            .join(", "),
        ]);
      }
      const hosts = (impact.hosts ?? []).filter((h) => h.failed > 0);
      if (hosts.length > 0) {
        rows.push([
          "Affected hosts",
          hosts
            .slice(0, 5)
            .map((h) => `${inlineText(ctx.redact(h.host))} (${count(h.failed)} failed)`)
            .join(", "),
        ]);
      }
      if ((impact.services ?? []).length > 0) {
        rows.push(["Services with errors", (impact.services ?? []).map((s) => inlineText(s)).join(", ")]);
      }
      const segments = impact.segments ?? [];
      if (segments.length > 1) {
        rows.push([
          "Impact stretches",
          segments.map((s) => `${clockTime(s.start)}–${clockTime(s.end)} (${count(s.failures)} failures)`).join(", "),
        ]);
      }
    }
    if (rows.length === 0) return null;
    return `\nTime to acknowledge runs from the page; the other durations from impact start (docs/durations.md).\n\n| Metric | Value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")}\n\n`;
  },
};
