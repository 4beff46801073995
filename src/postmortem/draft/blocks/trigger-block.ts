import type { DraftBlockRenderer } from "../draft-block.js";
import { clockTime, humanDuration, inlineText, refCode } from "../draft-format.js";

/** The suspected trigger in Root Cause: the top-ranked change before impact, marked as a suggestion. */
export const triggerBlock: DraftBlockRenderer = {
  name: "trigger",
  section: "rootCause",
  placement: "end",
  render(ctx) {
    const impactStart = ctx.timeline.milestones.impactStart?.time;
    const changes = ctx.timeline.findings
      .filter((f) => f.kind === "suspect-change" && f.time)
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const lines: string[] = [""];
    const top = changes[0];
    if (top?.time && (top.score ?? 0) >= 0.5) {
      const lead = impactStart !== undefined ? (Date.parse(impactStart) - Date.parse(top.time)) / 1000 : null;
      // a rollout still under way when the first requests failed took effect after impact began
      const before = lead !== null ? `, ${humanDuration(lead)} ${lead >= 0 ? "before" : "after"} impact began` : "";
      const ev = top.evidence?.[0];
      lines.push(
        `**Suggested trigger** (from evidence; confirm or delete): ${inlineText(ctx.redact(top.summary))} — took effect at ${clockTime(top.time)} UTC${before}.${ev ? ` Evidence: ${refCode(ev)}` : ""}`,
      );
      // how far ahead of the others it ranked: a close second is a reason to check both
      const next = changes[1];
      lines.push(
        "",
        `Ranked first of ${changes.length} suspect change${changes.length === 1 ? "" : "s"} by what ties each to the failure (score ${score(top)}${next ? `; next ${score(next)}` : ""}).`,
      );
    } else if (impactStart !== undefined) {
      lines.push(
        "**Suggested trigger:** none found. No deploy or configuration change in the evidence ranks as a likely trigger; the cause may be outside the collected sources (a provider, an expiry, traffic growth).",
      );
    } else {
      return null;
    }
    const others = changes.slice(top && (top.score ?? 0) >= 0.5 ? 1 : 0, 4);
    if (others.length > 0) {
      lines.push("", "Other changes before impact, less likely:", "");
      for (const c of others) {
        const ev = c.evidence?.[0];
        lines.push(`- ${inlineText(ctx.redact(c.summary))} (score ${score(c)}${ev ? `, ${refCode(ev)}` : ""})`);
      }
    }
    lines.push("");
    return `${lines.join("\n")}\n`;
  },
};

/** A suspect's score as the ranking shows it. */
function score(f: { score?: number | undefined }): string {
  return (f.score ?? 0).toFixed(2);
}
