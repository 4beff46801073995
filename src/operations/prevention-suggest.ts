import { existsSync, statSync } from "node:fs";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { type PreventionResult, suggestPrevention } from "../prevention/index.js";
import { defineOperation } from "./operation.js";
import { zPath } from "./schemas.js";
import { resolveAllInWorkspace, resolveInWorkspace } from "./workspace-path.js";

/**
 * What `prevention_suggest` returns: the suggestions, with the raw series the backtest read only when asked for
 * (`series: true`, e.g. to write them as OpenMetrics for backfilling).
 */
export type PreventionSuggestion = Omit<PreventionResult, "series"> & Partial<Pick<PreventionResult, "series">>;

/** `prevention_suggest`: alerting rules, their backtest, runbook stubs and action items with checks. */
export const preventionSuggestOperation = defineOperation({
  name: "prevention_suggest",
  title: "Suggest alerts, runbooks and checked action items",
  description:
    "After the timeline. Suggests Prometheus alerting rules from the incident's findings and the metric series in its evidence (the failing class, a saturation signal that led the impact, an ignored precursor, and SLO multi-window burn-rate alerts when debrief.yaml has an slo), each checked with promtool check rules and backtested on the incident's own series with Prometheus' rule engine (when it would have fired against the actual detection, and false alarms per week over the baseline); runbook stubs; action items with checks. Suggestions only: nothing is written.",
  input: z.object({
    incident: zPath.describe("incident folder (debrief.yaml and evidence/)"),
    paths: z.array(zPath).optional().describe("evidence files or folders; default: the incident's evidence/"),
    backtest: z.boolean().optional().describe("run the backtest (default true when promtool is installed)"),
    sloTarget: z
      .number()
      .positive()
      .max(100)
      .optional()
      .describe("SLO target as a ratio (0.999) or percent (99.9); default: debrief.yaml's slo"),
    sloWindow: z
      .string()
      .regex(/^\d+[dwh]$/, "expected a window like 30d, 4w or 12h")
      .optional()
      .describe("the SLO's window, e.g. 30d (default 30d); used with sloTarget"),
    runbookBase: z.string().max(500).optional().describe("prefix of runbook_url (default runbooks/)"),
    series: z.boolean().optional().describe("also return the metric series the backtest read (large)"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<PreventionSuggestion> {
    const incidentDir = resolveInWorkspace(ctx, input.incident);
    if (!existsSync(incidentDir) || !statSync(incidentDir).isDirectory()) {
      throw new DebriefError("INPUT_NOT_FOUND", `incident folder not found: ${input.incident}`, {
        location: { path: input.incident },
      });
    }
    const paths = input.paths?.length ? resolveAllInWorkspace(ctx, input.paths) : [];
    const { series, ...rest } = await suggestPrevention(paths, {
      incidentDir,
      cwd: ctx.cwd,
      env: ctx.env,
      ...(input.backtest === undefined ? {} : { backtest: input.backtest }),
      ...(input.sloTarget === undefined ? {} : { slo: { target: input.sloTarget, window: input.sloWindow ?? "30d" } }),
      ...(input.runbookBase === undefined ? {} : { runbookBase: input.runbookBase }),
    });
    return input.series ? { ...rest, series } : rest;
  },
});
