import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

/** Where `debrief suggest alerts --out` puts an incident's rule file by convention, and its runbooks. */
export const PREVENTION_DIR = "prevention";
export const RULES_FILE = "alerts.yml";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The report's "Prevention" section from the rule file an incident folder keeps (`prevention/alerts.yml`, written
 * by `debrief suggest alerts --out` and confirmed by a person), with the backtest lines Debrief wrote into its
 * header. Null when the folder has no rule file; a file that is not a rule file yields a one-line note.
 */
export function adoptedRulesMarkdown(incidentDir: string): string | null {
  const file = join(incidentDir, PREVENTION_DIR, RULES_FILE);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const parsed = parseDocument(text, { logLevel: "silent" });
  if (parsed.errors.length > 0) return `## Prevention\n\n\`${PREVENTION_DIR}/${RULES_FILE}\` is not valid YAML.\n`;
  const doc: unknown = parsed.toJS();
  const groups = (doc as { groups?: unknown } | null)?.groups;
  const rows: string[] = [];
  if (Array.isArray(groups)) {
    for (const g of groups) {
      const rules = (g as { rules?: unknown })?.rules;
      if (!Array.isArray(rules)) continue;
      for (const r of rules as Array<Record<string, unknown>>) {
        if (typeof r?.alert !== "string") continue;
        const labels = (r.labels ?? {}) as Record<string, unknown>;
        const ann = (r.annotations ?? {}) as Record<string, unknown>;
        const runbook = typeof ann.runbook_url === "string" ? ann.runbook_url : "";
        rows.push(
          `| ${cell(r.alert)} | ${cell(String(labels.severity ?? ""))} | \`${cell(String(r.expr ?? ""))}\`${r.for ? ` for ${cell(String(r.for))}` : ""} | ${runbook ? `[runbook](${PREVENTION_DIR}/${cell(runbook)})` : ""} |`,
        );
      }
    }
  }
  const backtest = text
    .split("\n")
    .filter((l) => /^# backtest: /.test(l))
    .map((l) => `- ${l.slice("# backtest: ".length)}`);
  const runbookDir = join(incidentDir, PREVENTION_DIR, "runbooks");
  const runbooks = existsSync(runbookDir)
    ? readdirSync(runbookDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
    : [];
  return [
    "## Prevention",
    "",
    rows.length > 0
      ? `Alerting rules adopted (\`${PREVENTION_DIR}/${RULES_FILE}\`):`
      : `No alerting rule in \`${PREVENTION_DIR}/${RULES_FILE}\`.`,
    "",
    ...(rows.length > 0
      ? ["| Alert | Severity | Fires when | Runbook |", "| --- | --- | --- | --- |", ...rows, ""]
      : []),
    ...(backtest.length > 0
      ? ["Backtest on this incident's own metrics (Prometheus rule engine):", "", ...backtest, ""]
      : []),
    ...(runbooks.length > 0
      ? ["Runbooks:", "", ...runbooks.map((f) => `- [${f}](${PREVENTION_DIR}/runbooks/${f})`), ""]
      : []),
  ].join("\n");
}
