import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { z } from "zod";
import { findRecurringPatterns, type RecurrenceInput, type RecurringPattern } from "../insights/index.js";
import { buildPositionCard, type PositionCard } from "../insights/position-card.js";
import { lintFiles } from "../lint/index.js";
import type { EvidenceRef } from "../model/common.js";
import { DebriefError } from "../model/debrief-error.js";
import { parsePostmortem, readEvidenceLines } from "../postmortem/index.js";
import { buildTimeline } from "../timeline/index.js";
import { defineOperation } from "./operation.js";
import { zDay, zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** The incident's parsed post-mortem as recurrence detection reads it. */
function recurrenceInput(dir: string, source: string, path: string): RecurrenceInput {
  const pm = parsePostmortem(source, path).postmortem;
  return {
    id: pm.frontMatter.id,
    dir,
    title: pm.frontMatter.title,
    services: pm.frontMatter.services,
    rootCause: pm.rootCause,
    factors: pm.factors,
    errorSignatures: [],
    impactStart: null,
  };
}

/** Recurring patterns among the post-mortems of `workspace`'s incident folders that include incident `id`. */
async function patternsFor(workspace: string, self: RecurrenceInput): Promise<RecurringPattern[]> {
  const inputs: RecurrenceInput[] = [];
  for (const e of await readdir(workspace, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const file = join(workspace, e.name, "postmortem.md");
    if (!existsSync(file)) continue;
    const input = recurrenceInput(e.name, await readFile(file, "utf8"), file);
    if (input.id !== self.id) inputs.push(input);
  }
  const { patterns } = findRecurringPatterns([...inputs, self]);
  return patterns.filter((p) => p.incidents.some((i) => i.id === self.id));
}

/** `postmortem_card`: the position card of an incident. */
export const postmortemCardOperation = defineOperation({
  name: "postmortem_card",
  title: "Position card of an incident",
  description:
    "Step 6. The position card (agent, claims, plan, evidence_pointers, confidence, risks) of DIR's post-mortem: every claim with evidence pointers (file:line) checked to resolve to a real line, confidence from the milestones' confidences lowered for open lint and timeline findings, risks from untracked or overdue action items, recurring patterns (with `workspace`) and lint warnings, and the plan of what is left. Read this before telling anyone what happened.",
  input: z.object({
    dir: zPath.describe("the incident folder (holds evidence/ and the post-mortem)"),
    file: zPath.optional().describe("the post-mortem (default DIR/postmortem.md)"),
    timeline: z
      .boolean()
      .optional()
      .describe("build the timeline from DIR/evidence for milestone confidences (default true)"),
    workspace: zPath.optional().describe("a folder of incident folders to look for recurring patterns in"),
    asOf: zDay.optional().describe("reference date for overdue action items (default today)"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  async run(input, ctx): Promise<{ position_card: PositionCard }> {
    const dir = resolveInWorkspace(ctx, input.dir);
    const file = input.file === undefined ? join(dir, "postmortem.md") : resolveInWorkspace(ctx, input.file);
    let source: string;
    try {
      source = await readFile(file, "utf8");
    } catch {
      throw new DebriefError("INPUT_NOT_FOUND", "no post-mortem to make a card of (run postmortem_draft first)", {
        location: { path: relative(ctx.cwd, file) || file },
      });
    }
    const parsed = parsePostmortem(source, file);
    const lint = await lintFiles([file], { cwd: ctx.cwd });
    const evidence = join(dir, "evidence");
    const timeline =
      input.timeline === false || !existsSync(evidence)
        ? undefined
        : await buildTimeline([evidence], { cwd: dir, incidentDir: dir });
    const refs: EvidenceRef[] = [
      ...parsed.postmortem.evidence,
      ...parsed.postmortem.timeline.flatMap((r) =>
        [...r.source.matchAll(/((?:[\w.-]+\/)*[\w.-]+\.[\w.]+):(\d+)/g)].map((m) => ({
          path: m[1] ?? "",
          line: Number(m[2]),
        })),
      ),
      ...parsed.postmortem.factors.flatMap((f) => f.evidence),
      ...Object.values(timeline?.milestones ?? {}).flatMap((m) => m?.evidence ?? []),
    ];
    const lines = await readEvidenceLines(dir, refs);
    const self = recurrenceInput(dirname(file), source, file);
    const patterns = input.workspace ? await patternsFor(resolveInWorkspace(ctx, input.workspace), self) : undefined;
    const card = buildPositionCard({
      agent: "debrief postmortem_card",
      postmortemPath: relative(dir, file) || file,
      postmortem: parsed.postmortem,
      lint: lint.findings,
      timeline,
      lines,
      patterns,
      today: input.asOf ?? new Date().toISOString().slice(0, 10),
    });
    return { position_card: card };
  },
});
