import type { Finding } from "../../../model/timeline.js";
import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, count, humanDuration, inlineText } from "../draft-format.js";

/**
 * What the evidence cannot show: missing sources, silences, clock skew, assumed time zones, skipped lines and
 * failed or empty collections, so readers know how far to trust the timeline.
 */
export const dataGapsBlock: DraftBlockRenderer = {
  name: "data-gaps",
  section: "appendix",
  placement: "end",
  appendToWrittenSection: true,
  render(ctx) {
    const items: string[] = [];
    const findings = ctx.timeline.findings;
    const text = (s: string) => inlineText(ctx.redact(s));
    for (const f of findings.filter((x) => x.kind === "missing-source"))
      items.push(`Missing source: ${text(f.summary)}`);
    for (const f of findings.filter((x) => x.kind === "missing-milestone"))
      items.push(`Milestone not found: ${text(f.summary)}`);
    const gaps = new Map<string, Finding[]>();
    for (const f of findings.filter((x) => x.kind === "gap")) {
      const key = f.source ?? "(unknown source)";
      gaps.set(key, [...(gaps.get(key) ?? []), f]);
    }
    for (const [source, list] of gaps) {
      const spans = list
        .filter((g) => g.from && g.to)
        .map((g) => `${clockTime(g.from ?? "").slice(0, 5)}–${clockTime(g.to ?? "").slice(0, 5)}`);
      const longest = Math.max(
        0,
        ...list.filter((g) => g.from && g.to).map((g) => (Date.parse(g.to ?? "") - Date.parse(g.from ?? "")) / 1000),
      );
      items.push(
        list.length === 1
          ? `\`${source}\`: ${text(list[0]?.summary.replace(/^\S+ /, "") ?? "a silence")}`
          : `\`${source}\`: ${list.length} silences, longest ${humanDuration(longest)} (${spans.slice(0, 6).join(", ")}${spans.length > 6 ? ", …" : ""} UTC); events in those stretches are unknown`,
      );
    }
    for (const f of findings.filter((x) => x.kind === "clock-skew" || x.kind === "timezone-mismatch")) {
      items.push(`${f.kind === "clock-skew" ? "Clock skew" : "Time zone"}: ${text(f.summary)}`);
    }
    for (const s of ctx.timeline.sources ?? []) {
      if (s.timezoneAssumed && s.events > 0) {
        items.push(
          `\`${s.path}\`: timestamps carry no zone; read as ${inlineText(s.timezone)} (assumed; set it in debrief.yaml if wrong)`,
        );
      }
      if (s.skipped.total > 0) {
        const reasons = Object.entries(s.skipped.byReason)
          .sort((a, b) => b[1] - a[1])
          .map(([r, n]) => `${inlineText(r)} ${count(n)}`)
          .join(", ");
        items.push(
          `\`${s.path}\`: ${count(s.skipped.total)} of ${count(s.lines)} lines could not be read (${reasons})`,
        );
      }
      for (const w of s.warnings ?? []) items.push(`\`${s.path}\`: ${text(w)}`);
      if (s.format === "unknown") items.push(`\`${s.path}\`: format not recognised; not in the timeline`);
    }
    const manifest = ctx.manifest;
    if (ctx.manifestError !== undefined) {
      items.push(`\`evidence/manifest.json\` could not be read: ${text(ctx.manifestError)}`);
    } else if (manifest) {
      for (const item of manifest.items) {
        if (item.status === "ok") continue;
        const what = [
          item.source,
          item.query ? `query \`${item.query.replace(/`/g, "'").replace(/\|/g, "\\|")}\`` : null,
          item.endpoint ? `at ${item.endpoint}` : null,
        ]
          .filter(Boolean)
          .join(" ");
        const range = item.from && item.to ? ` for ${text(`${item.from} – ${item.to}`)}` : "";
        const why = item.error ?? item.reason;
        const label =
          item.status === "failed"
            ? "Collection failed"
            : item.status === "empty"
              ? "Collection returned nothing"
              : item.status === "partial"
                ? "Collection incomplete"
                : `Collection ${text(item.status)}`;
        items.push(`${label}: ${text(what)}${range}${why ? ` (${text(why)})` : ""}`);
      }
    }
    const heading = `${"#".repeat(ctx.subheadingDepth)} Data gaps`;
    const body =
      items.length > 0
        ? items.map((i) => `- ${i}`).join("\n")
        : "No gaps, clock skew, skipped lines or failed collections were found in the evidence.";
    return `\n${heading}\n\n${body}\n\n`;
  },
};
