import type { TimelineResult } from "../timeline/index.js";
import type { RuleBacktest } from "./backtest.js";
import type { IncidentFacts } from "./incident-facts.js";
import { splitComparison } from "./promql-text.js";
import { kebab, promDuration, type SuggestedRule } from "./suggested-rule.js";

/** A runbook stub: a file name under `runbooks/` and its Markdown. */
export interface RunbookStub {
  file: string;
  title: string;
  /** Alerts whose `runbook_url` points here (none for a mitigation runbook). */
  alerts: string[];
  markdown: string;
}

/** Marks a stub Debrief wrote, so a rerun replaces its own stubs and never a runbook a person wrote. */
export const RUNBOOK_MARKER = "<!-- debrief:runbook-stub -->";

/** Commands quoted in the text: `code spans` that look like shell commands, or a bare kubectl/helm/... line. */
export function commandsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/`([^`\n]{3,300})`/g)) {
    const c = (m[1] as string).trim();
    if (
      /^(kubectl|helm|git|psql|aws|gcloud|az|terraform|systemctl|docker|curl|redis-cli|argocd|flux|nomad|consul)\b/.test(
        c,
      ) ||
      /^CREATE |^ALTER |^UPDATE /i.test(c)
    )
      out.push(c);
  }
  if (out.length === 0) {
    const bare = /\b((?:kubectl|helm|argocd|systemctl) [^\n,;]{3,200})/.exec(text);
    if (bare) out.push((bare[1] as string).trim());
  }
  return out;
}

function hms(t: string | number): string {
  return new Date(t).toISOString().slice(11, 19);
}

/** Human chat and changes between detection and mitigation: what the responders looked at and tried. */
function diagnosisSteps(t: TimelineResult, facts: IncidentFacts): string[] {
  const from = facts.detected?.time ?? facts.impactStart ?? 0;
  const to = facts.mitigation?.time ?? facts.impactEnd ?? Number.POSITIVE_INFINITY;
  const failed = new Set(facts.ineffective.map((a) => a.time));
  const steps: string[] = [];
  for (const e of t.entries) {
    const at = Date.parse(e.time);
    if (at < from || at > to || (e.kind !== "chat" && e.kind !== "change")) continue;
    if (/has joined the channel|^ack/i.test(e.event)) continue;
    const ref = e.evidence[0] ? ` (${e.evidence[0].path}:${e.evidence[0].line})` : "";
    const note = failed.has(at) ? " — did not help" : "";
    steps.push(`${hms(at)} ${e.actor ? `${e.actor}: ` : ""}${e.event.replace(/\|/g, "\\|")}${note}${ref}`);
  }
  return steps.slice(0, 15);
}

function mitigationSection(facts: IncidentFacts): string[] {
  if (!facts.mitigation) return ["- No mitigation is recorded for this incident: write the one that works here."];
  const cmds = commandsIn(facts.mitigation.summary);
  return [
    `- What ended the impact in ${facts.services[0] ?? "this incident"}: ${facts.mitigation.summary} at ${hms(facts.mitigation.time)} UTC${facts.mitigation.evidence ? ` (${facts.mitigation.evidence})` : ""}.`,
    ...(cmds.length > 0
      ? ["", "```sh", ...cmds, "```"]
      : ["- Command: _fill in the exact command or pipeline that performs it._"]),
    ...facts.ineffective.map((a) => `- Tried and did not help: ${a.summary} (${hms(a.time)}).`),
  ];
}

function escalation(rule: SuggestedRule | null, facts: IncidentFacts): string[] {
  const team = rule?.labels.team ?? "the owning team";
  return [
    `- Page ${team}'s on-call if this fires at \`${rule?.labels.severity ?? "critical"}\` severity and is not routed to paging yet.`,
    "- No improvement within 15 minutes of the first mitigation attempt: declare an incident and hand command to an incident commander.",
    ...(facts.trigger
      ? [`- Suspect a recent change first: in the source incident it was ${facts.trigger.summary}`]
      : []),
  ];
}

/** A stub per alert runbook file, and one for the mitigation that worked. */
export function runbookStubs(
  t: TimelineResult,
  facts: IncidentFacts,
  rules: readonly SuggestedRule[],
  backtests: readonly RuleBacktest[],
  incidentId: string,
): RunbookStub[] {
  const byFile = new Map<string, SuggestedRule[]>();
  for (const r of rules) byFile.set(r.runbook, [...(byFile.get(r.runbook) ?? []), r]);
  const steps = diagnosisSteps(t, facts);
  const stubs: RunbookStub[] = [];
  const mitigationFile = facts.mitigation
    ? `mitigation-${kebab(facts.services[0] ?? "incident")}-${kebab(incidentId)}.md`
    : null;
  for (const [file, list] of byFile) {
    const first = list[0] as SuggestedRule;
    const title =
      list.length > 1 ? `${first.alert.replace(/\d*[A-Z][a-z0-9]*$/, "")} (${list.length} alerts)` : first.alert;
    const lines = [
      RUNBOOK_MARKER,
      `# ${title}`,
      "",
      `_Stub suggested by Debrief from ${incidentId}: a person confirms, corrects and completes it._`,
      "",
      "## Symptoms",
      "",
      ...list.map(
        (r) =>
          `- **${r.alert}** (${r.labels.severity}): ${r.annotations.summary}; fires when \`${r.expr}\`${r.forSeconds > 0 ? ` holds for ${promDuration(r.forSeconds)}` : ""}.`,
      ),
      `- Why it exists: ${first.rationale}.`,
      ...list.flatMap((r) => {
        const b = backtests.find((x) => x.alert === r.alert);
        return b ? [`- Backtest on ${incidentId}: ${b.summary}.`] : [];
      }),
      ...(facts.signatures.length > 0
        ? [
            `- Log lines seen with it: ${facts.signatures
              .slice(0, 4)
              .map((s) => `\`${s}\``)
              .join(", ")}.`,
          ]
        : []),
      "",
      "## Dashboards and queries",
      "",
      ...(first.annotations.dashboard
        ? [`- Dashboard: ${first.annotations.dashboard}`]
        : ["- Dashboard: _add the link_"]),
      "",
      "```promql",
      ...[...new Set(list.map((r) => splitComparison(r.expr)?.lhs ?? r.expr))],
      "```",
      "",
      `## Diagnosis (as the timeline of ${incidentId} shows it was done)`,
      "",
      ...(steps.length > 0
        ? steps.map((s, i) => `${i + 1}. ${s}`)
        : ["1. _No chat or change records in the evidence: write the steps._"]),
      "",
      "## Mitigation",
      "",
      ...mitigationSection(facts),
      ...(mitigationFile ? ["", `See also [${mitigationFile}](${mitigationFile}).`] : []),
      "",
      "## Escalation",
      "",
      ...escalation(first, facts),
      "",
    ];
    stubs.push({ file, title, alerts: list.map((r) => r.alert), markdown: lines.join("\n") });
  }
  if (facts.mitigation && mitigationFile) {
    const cmds = commandsIn(facts.mitigation.summary);
    stubs.push({
      file: mitigationFile,
      title: `Mitigation: ${facts.mitigation.summary.slice(0, 80)}`,
      alerts: [],
      markdown: [
        RUNBOOK_MARKER,
        `# Mitigation that worked in ${incidentId}`,
        "",
        `_Stub suggested by Debrief: a person confirms, corrects and completes it._`,
        "",
        "## Symptoms",
        "",
        ...(facts.signatures.length > 0 ? facts.signatures.slice(0, 5).map((s) => `- \`${s}\``) : ["- _describe_"]),
        ...rules.map((r) => `- Alert **${r.alert}** firing ([runbook](${r.runbook}))`),
        "",
        "## Diagnosis",
        "",
        ...(steps.length > 0 ? steps.map((s, i) => `${i + 1}. ${s}`) : ["1. _write the steps_"]),
        "",
        "## Mitigation",
        "",
        ...mitigationSection(facts),
        ...(cmds.length === 0
          ? []
          : [
              "",
              "Verify: the error ratio falls within minutes and stays down (a false recovery came back in earlier attempts).",
            ]),
        "",
        "## Escalation",
        "",
        ...escalation(rules[0] ?? null, facts),
        "",
      ].join("\n"),
    });
  }
  return stubs;
}
