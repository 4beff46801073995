import type { LintFormatter } from "./lint-formatter.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** The SARIF 2.1.0 schema URL GitHub code scanning expects. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF 2.1.0 for GitHub code scanning: one run, the rule registry as `tool.driver.rules`. */
export const sarifFormatter: LintFormatter = {
  name: "sarif",
  format(result, rules, options = {}) {
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const sarif = {
      $schema: SARIF_SCHEMA,
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "debrief",
              informationUri: "https://github.com/debrief/debrief",
              ...(options.toolVersion ? { version: options.toolVersion } : {}),
              rules: rules.map((r) => ({
                id: r.id,
                name: r.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
                shortDescription: { text: r.description },
                fullDescription: { text: r.help },
                help: { text: r.help, markdown: r.help },
                defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              })),
            },
          },
          results: result.findings.map((f) => ({
            ruleId: f.rule,
            ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
            level: LEVEL[f.severity],
            message: { text: `${f.message}\n${f.hint}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.file.split("\\").join("/") },
                  region: {
                    startLine: f.line,
                    startColumn: f.column,
                    endLine: f.endLine,
                    endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1),
                  },
                },
              },
            ],
          })),
          columnKind: "utf16CodeUnits",
        },
      ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
  },
};
