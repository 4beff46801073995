import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { lintPostmortem } from "../lint/index.js";
import { DebriefError, isDebriefError } from "../model/debrief-error.js";
import {
  addActionItemColumn,
  parsePostmortem,
  readPostmortemFile,
  setFrontMatter,
  updateActionItems,
} from "../postmortem/index.js";
import type { ParsedPostmortem } from "../postmortem/parsed-postmortem.js";
import { findChromium, loadReportInput, renderGithubMarkdown, renderHtml, renderPdf } from "../report/index.js";
import { withFileLock, writeFileAtomic } from "../util/atomic-write.js";
import { redactDeep } from "../util/redact/index.js";
import { planFollowUp } from "./channels/ics.js";
import { PUBLISH_CHANNELS } from "./channels/index.js";
import { PublishLedger } from "./publish-ledger.js";
import type {
  PlannedStep,
  PublishContext,
  PublishOptions,
  PublishReport,
  PublishSummary,
  StepOutcome,
} from "./publish-types.js";
import { loadTrackerSettings } from "./trackers/tracker-config.js";
import { TRACKER_STEP_PREFIXES } from "./trackers/tracker-steps.js";

const DISTRIBUTION = new Set(["email", "slack", "teams", "confluence", "webhook"]);

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function summarise(parsed: ParsedPostmortem): PublishSummary {
  const pm = parsed.postmortem;
  const fm = pm.frontMatter;
  const strip = (s: string | undefined) => (s ? s.replace(/[`*_]/g, "").trim() : null);
  const factors = [...pm.factors].sort((a, b) => Number(a.suggested) - Number(b.suggested)).map((f) => f.text);
  return {
    id: String(fm.id),
    title: String(fm.title),
    severity: String(fm.severity),
    status: String(fm.status),
    duration: strip(pm.impact.duration)?.replace(/\s*\(.*$/, "") ?? null,
    impact: strip(pm.impact.requestsFailed ?? pm.impact.usersAffected ?? pm.impact.errorRatePeak),
    topFactors: factors.slice(0, 3).map((f) => f.replace(/\s+/g, " ").slice(0, 240)),
    actionItems: pm.actionItems.length,
    resolvedAt: text(fm.resolvedAt),
  };
}

/**
 * Replace the post-mortem under its lock, only if it still holds `expected` (a draft or an editor may have saved
 * meanwhile; the ledger keeps what was not written, and the next run writes it).
 */
async function writeIfUnchanged(path: string, expected: string, content: string): Promise<boolean> {
  return withFileLock(path, async () => {
    if ((await readFile(path, "utf8")) !== expected) return false;
    await writeFileAtomic(path, content);
    return true;
  });
}

/** The action item a tracker step is for (`jira-cloud:AI-001` → `AI-001`), or undefined for other steps. */
function trackerItemOf(stepId: string): string | undefined {
  const prefix = TRACKER_STEP_PREFIXES.find((p) => stepId.startsWith(p));
  return prefix ? stepId.slice(prefix.length) : undefined;
}

/**
 * The tracker of the incident when the caller named none: `tracker:` of its debrief.yaml or of the nearest
 * .debriefrc.yaml. A GitHub tracker becomes the `github` option, so it runs exactly as `--github` does.
 */
function withTrackerSettings(dir: string, options: PublishOptions): PublishOptions {
  if (options.tracker !== undefined || options.github) return options;
  const loaded = loadTrackerSettings(dir);
  if (!loaded) return options;
  const s = loaded.settings;
  if (s.kind !== "github") return { ...options, tracker: s };
  return {
    ...options,
    github: { repo: String(s.repo), ...(typeof s.apiUrl === "string" ? { apiUrl: s.apiUrl } : {}) },
    ...(s.users && !options.githubUsers ? { githubUsers: s.users } : {}),
  };
}

/**
 * Publish an incident folder's post-mortem: write the follow-up invitation, file action items as GitHub issues,
 * e-mail the report (HTML, text, PDF, ICS), post to Slack and a webhook, then record `distributedAt`,
 * `followUpReview` and the issue URLs in the document (lossless edits).
 *
 * Crash safety: every step is recorded in `DIR/.debrief/publish-state.json` before and after it runs. On a rerun,
 * finished steps are skipped; a step that was started but never recorded as finished has an unknown outcome. GitHub
 * steps find their issue again by its marker; idempotent steps (file writes, the webhook with its Idempotency-Key)
 * simply run again; e-mail and Slack are NOT repeated unless `resend` names them, because neither protocol can
 * tell whether the first attempt was delivered — a missing message is easier to notice and fix than a duplicate.
 */
export async function publishPostmortem(dir: string, given: PublishOptions = {}): Promise<PublishReport> {
  const options = withTrackerSettings(dir, given);
  const file = join(dir, "postmortem.md");
  // strict and size-limited: publishing writes the document back, so bad bytes are refused, never replaced
  const source = await readPostmortemFile(file, { utf16: false }).catch((error: unknown) => {
    if (error instanceof DebriefError && error.code === "INPUT_NOT_FOUND") {
      throw new DebriefError("INPUT_NOT_FOUND", "no postmortem.md here", { location: { path: file } });
    }
    throw error;
  });
  const env = options.env ?? process.env;
  const log = options.onProgress ?? (() => {});
  const parsed = parsePostmortem(source, file);
  const errors = lintPostmortem(parsed).filter((f) => f.severity === "error");
  if (errors.length > 0 && !options.force) {
    const first = errors[0]!;
    throw new DebriefError(
      "INPUT_INVALID",
      `lint found ${errors.length} error(s), e.g. ${first.rule} at line ${first.line}: ${first.message}; fix them (debrief lint) or publish with --force`,
      { location: { path: file, line: first.line } },
    );
  }
  const pii = options.redactPii !== false;
  const summary = redactDeep(summarise(parsed), { pii });
  const input = await loadReportInput(file);
  const html = renderHtml(input, { ...(options.now ? { generatedAt: options.now } : {}), redactPii: pii }).html;
  const markdown = renderGithubMarkdown(parsed, input.milestones, { redactPii: pii }).markdown;
  const needsPdf = options.email !== undefined && options.pdf !== false && !options.dryRun;
  if (needsPdf && !findChromium(env)) {
    throw new DebriefError(
      "EXTERNAL_TOOL",
      "the e-mail attaches a PDF but Chromium is not installed (apt-get install chromium), or pass --no-pdf",
    );
  }
  const pdf = needsPdf ? await renderPdf(html, { env }) : undefined;
  const actionLines = parsed.postmortem.actionItems.map(
    (i) => `${i.id}: ${i.action} (owner ${i.owner ?? "?"}, due ${i.deadline ?? "?"})`,
  );
  const ics = planFollowUp(dir, summary, actionLines, options.email?.from);
  const ctx: PublishContext = { dir, file, parsed, summary, html, markdown, pdf, ics, options, env, log };

  const steps: PlannedStep[] = [];
  for (const channel of options.channels ?? PUBLISH_CHANNELS)
    if (channel.enabled(options)) steps.push(...(await channel.plan(ctx)));

  if (options.dryRun) {
    return {
      file,
      dryRun: true,
      steps: steps.map((s) => ({
        id: s.id,
        channel: s.channel,
        description: s.description,
        outcome: "would-run",
        preview: s.preview,
      })),
      documentUpdates: [],
      failed: 0,
    };
  }

  const ledger = PublishLedger.open(join(dir, ".debrief", "publish-state.json"), summary.id);
  const outcomes: StepOutcome[] = [];
  const resend = new Set(options.resend ?? []);
  for (const step of steps) {
    const base = { id: step.id, channel: step.channel, description: step.description };
    const prior = ledger.get(step.id);
    if (prior?.status === "done") {
      outcomes.push({ ...base, outcome: "skipped-already-done", ...(prior.result ? { result: prior.result } : {}) });
      continue;
    }
    if (prior?.status === "started") {
      const found = step.reconcile ? await step.reconcile() : undefined;
      if (found) {
        ledger.done(step.id, found);
        outcomes.push({ ...base, outcome: "reconciled", result: found });
        continue;
      }
      if (!step.idempotent && !resend.has(step.id) && !resend.has(step.channel)) {
        outcomes.push({
          ...base,
          outcome: "unknown-outcome",
          error: `an earlier run started this step and died before recording the result; it may have been delivered. Check, then rerun with --resend ${step.channel} to send it again`,
        });
        continue;
      }
    }
    ledger.start(step.id);
    try {
      const result = await step.run();
      ledger.done(step.id, result);
      outcomes.push({ ...base, outcome: "done", result });
      log(`${step.channel}: ${step.description}: done`);
      options.onStepDone?.(step.id);
    } catch (error) {
      const message = isDebriefError(error) ? error.message : (error as Error).message;
      ledger.fail(step.id, message);
      outcomes.push({ ...base, outcome: "failed", error: message });
      log(`${step.channel}: ${step.description}: FAILED: ${message}`);
    }
  }

  // write back what the ledger knows, from the document as it is now (someone may have edited it meanwhile)
  const documentUpdates: string[] = [];
  const current = await readPostmortemFile(file, { utf16: false });
  let reparsed = parsePostmortem(current, file);
  let updated = current;
  const cells = Object.entries(ledger.all())
    .filter(([id, s]) => trackerItemOf(id) !== undefined && s.status === "done" && typeof s.result?.url === "string")
    .map(([id, s]) => ({ id: trackerItemOf(id)!, value: String(s.result!.url) }))
    .filter((c) => {
      const item = reparsed.postmortem.actionItems.find((i) => i.id === c.id);
      return item !== undefined && !item.tracker?.trim();
    });
  if (cells.length > 0) {
    try {
      const withColumn = addActionItemColumn(reparsed, "Tracker");
      if (withColumn !== updated) reparsed = parsePostmortem(withColumn, file);
      updated = updateActionItems(
        reparsed,
        cells.map((c) => ({ id: c.id, fields: { tracker: c.value } })),
      );
      documentUpdates.push(...cells.map((c) => `Tracker of ${c.id}: ${c.value}`));
      reparsed = parsePostmortem(updated, file);
    } catch (error) {
      // the issues exist and the ledger has their URLs; a table we cannot edit must not lose the rest of the run
      log(`issue URLs not written into the Action Items table: ${(error as Error).message}`);
    }
  }
  const fm = reparsed.postmortem.frontMatter as Record<string, unknown>;
  const changes: Array<{ path: string[]; value: unknown }> = [];
  const delivered = Object.entries(ledger.all())
    .filter(([id, s]) => DISTRIBUTION.has(id) && s.status === "done" && s.finishedAt)
    .map(([, s]) => s.finishedAt!)
    .sort();
  if (delivered.length > 0 && !text(fm.distributedAt)) {
    const at = (options.now ?? new Date(delivered[0]!)).toISOString().replace(/\.\d{3}Z$/, "Z");
    changes.push({ path: ["distributedAt"], value: at });
    documentUpdates.push(`distributedAt: ${at}`);
  }
  if (ics && ledger.get("ics")?.status === "done" && !text(fm.followUpReview)) {
    const at = ics.start.toISOString().replace(/\.\d{3}Z$/, "Z");
    changes.push({ path: ["followUpReview"], value: at });
    documentUpdates.push(`followUpReview: ${at}`);
  }
  if (changes.length > 0) {
    const next = setFrontMatter(reparsed, changes);
    if (next === null) log("front matter is not valid YAML; distributedAt/followUpReview were not recorded");
    else updated = next;
  }
  if (updated !== current) options.onPhase?.("write-back");
  if (updated !== current && !(await writeIfUnchanged(file, current, updated))) {
    log("postmortem.md changed during publish; the ledger keeps the updates, run publish again to record them");
  }
  return {
    file,
    dryRun: false,
    steps: outcomes,
    documentUpdates,
    failed: outcomes.filter((o) => o.outcome === "failed" || o.outcome === "unknown-outcome").length,
  };
}
