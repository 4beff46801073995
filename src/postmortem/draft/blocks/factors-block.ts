import type { EvidenceRef } from "../../../model/common.js";
import type { FactorCategory, FactorLevel } from "../../../model/postmortem.js";
import type { DraftBlockRenderer } from "../draft-block.js";
import { humanDuration, inlineText, refCode } from "../draft-format.js";

interface Suggestion {
  level: FactorLevel;
  category: FactorCategory;
  text: string;
  evidence: EvidenceRef[];
}

/**
 * Contributing factors suggested by the evidence, each marked `Suggested (level, category)` with its evidence, for
 * people to confirm (delete the prefix) or delete. Debrief never presents them as findings.
 */
export const factorsBlock: DraftBlockRenderer = {
  name: "factors",
  section: "contributingFactors",
  placement: "start",
  render(ctx) {
    const analysis = ctx.timeline.analysis;
    const suggestions: Suggestion[] = (analysis?.suggestedFactors ?? []).map((f) => ({ ...f }));
    const alerting = analysis?.alerting;
    const mentionsAlertDelay = suggestions.some((s) => /alert.*(after|late|delay)|detect/i.test(s.text));
    if (alerting && !mentionsAlertDelay) {
      const firstAlert = alerting.alerts?.find((a) => a.firing === alerting.firstAlert);
      if (alerting.alertLatencySeconds !== null && alerting.alertLatencySeconds !== undefined) {
        if (alerting.alertLatencySeconds >= 60) {
          suggestions.push({
            level: "contributing",
            category: "monitoring",
            text: `The first alert${firstAlert ? ` (${firstAlert.name})` : ""} fired ${humanDuration(alerting.alertLatencySeconds)} after the first failed request`,
            evidence: [...(firstAlert?.evidence ?? []), ...(ctx.timeline.milestones.impactStart?.evidence ?? [])].slice(
              0,
              2,
            ),
          });
        }
      } else if (alerting.firstFailure && !alerting.firstAlert) {
        const detected = ctx.timeline.milestones.detected;
        suggestions.push({
          level: "contributing",
          category: "monitoring",
          text: `No alert fired for this impact${detected ? "; it was first noticed by other means" : ""}`,
          evidence: [...(detected?.evidence ?? []), ...(ctx.timeline.milestones.impactStart?.evidence ?? [])].slice(
            0,
            2,
          ),
        });
      }
    }
    if (suggestions.length === 0) return null;
    const order: FactorLevel[] = ["immediate", "contributing", "systemic"];
    suggestions.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
    const lines = suggestions.map((s) => {
      const text = inlineText(ctx.redact(s.text)).replace(/[.\s]+$/, "");
      const refs = s.evidence.slice(0, 3).map(refCode).join(", ");
      return `- **Suggested (${s.level}, ${s.category}):** ${text}.${refs ? ` Evidence: ${refs}` : ""}`;
    });
    return `\n${lines.join("\n")}\n\n`;
  },
};
