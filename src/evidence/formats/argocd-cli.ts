import type { RawEvent } from "../../model/event.js";
import type { ChangePhase } from "../changes/change-recogniser.js";
import { changeEvent as buildChange } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** `Key:   value` lines of `argocd app get` (the label padded to a column). */
const FIELD = /^([A-Z][A-Za-z ]{1,24}):[ \t]+(\S.*?)\s*$/;
/** The history table's header and rows (`ID  DATE  REVISION`; DATE is Go's `time.Time` string). */
const HISTORY_HEADER = /^ID\s+DATE\s+REVISION\s*$/;
const HISTORY_ROW = /^(\d+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d.*?)\s{2,}(\S.*?)\s*$/;

function changeEvent(
  ctx: FormatContext,
  ts: number,
  line: number,
  app: string | null,
  what: string,
  phase: ChangePhase,
  by: string | null,
  version: string | null,
): RawEvent {
  return buildChange({
    path: ctx.path,
    line,
    at: ts,
    type: "deploy",
    what,
    where: app ? [app] : [],
    by,
    tool: "argocd",
    phase,
    service: app,
    version,
  });
}

/**
 * Argo CD CLI text output: `argocd app get APP [--show-operation]` (and the same operation block that `argocd app
 * sync`/`app wait` print when they finish) and `argocd app history APP`. The operation's `Finished:` is when the sync
 * took effect (a `Failed`/`Error` phase makes it a failed change) and `Start:` when it began; each history row is a
 * sync that completed at its DATE (`deployedAt`). Times are Go `time.Time` strings (`2025-07-29 16:05:11 -0700 PDT`).
 * Documented: https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_app_get/,
 * https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_app_history/ (printOperationResult and
 * printApplicationHistoryTable in argo-cd's cmd/argocd/commands/app.go).
 */
export const argocdCli: DocumentFormat = {
  id: "argocd-cli",
  description: "Argo CD CLI text: argocd app get --show-operation, argocd app sync/wait result, argocd app history",
  kind: "change",
  shape: "document",
  samples: [
    [
      "Name:               argocd/checkout",
      "Project:            default",
      "Namespace:          shop",
      "Sync Status:        Synced to main (9f3c2a1)",
      "Health Status:      Healthy",
      "",
      "Operation:          Sync",
      "Sync Revision:      9f3c2a1b7d0e4c6a8b2d4f6e8a0c2e4b6d8f0a1c",
      "Phase:              Succeeded",
      "Start:              2025-03-04 10:00:11 +0000 UTC",
      "Finished:           2025-03-04 10:00:42 +0000 UTC",
      "Duration:           31s",
      "Message:            successfully synced (all tasks run)",
    ].join("\n"),
    [
      "SOURCE  https://git.example.com/platform/deploy.git",
      "ID      DATE                           REVISION",
      "11      2025-03-03 09:00:00 +0000 UTC  main (4c1e0f7)",
      "12      2025-03-04 10:00:42 +0000 UTC  main (9f3c2a1)",
    ].join("\n"),
  ],
  sampleName: "argocd-app.txt",
  detect(sample) {
    const t = sample.text;
    if (/^ID\s+DATE\s+REVISION\s*$/m.test(t) && /^\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/m.test(t)) return 0.9;
    const operation = /^Phase:\s+\w+\s*$/m.test(t) && /^(?:Start|Finished):\s+\d{4}-\d\d-\d\d /m.test(t);
    if (operation && /^(?:Operation|Sync Revision|Sync Status|Health Status|Name):\s/m.test(t)) return 0.9;
    return 0;
  },
  parse(text, ctx) {
    const f = createTimeFields();
    const resolver = new TimeResolver(ctx);
    const time = (value: string): number => (scanTimestamp(value, 0, f) > 0 ? resolver.toEpoch(f) : Number.NaN);
    const lines = text.split(/\r?\n/);
    const fields = new Map<string, { value: string; line: number }>();
    let inHistory = false;
    let source: string | null = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (HISTORY_HEADER.test(line)) {
        inHistory = true;
        continue;
      }
      if (inHistory) {
        const row = HISTORY_ROW.exec(line);
        if (row) {
          const ts = time(row[2] as string);
          if (Number.isNaN(ts)) ctx.skip(i + 1, "invalid-timestamp", line.slice(0, 120));
          else {
            const revision = row[3] as string;
            const short = /\(([0-9a-f]{7,40})\)/.exec(revision)?.[1] ?? revision;
            const what = `Argo CD sync #${row[1]} to ${revision}${source ? ` from ${source}` : ""}`;
            ctx.emit(changeEvent(ctx, ts, i + 1, null, what, "effective", null, short));
          }
          continue;
        }
        if (line.trim().length > 0) inHistory = false;
      }
      const src = /^SOURCE\s+(\S+)/.exec(line);
      if (src) source = src[1] as string;
      const m = FIELD.exec(line);
      if (m && !fields.has(m[1] as string)) fields.set(m[1] as string, { value: m[2] as string, line: i + 1 });
    }
    const get = (k: string) => fields.get(k)?.value ?? null;
    const start = fields.get("Start");
    const finished = fields.get("Finished");
    if (!start && !finished) return;
    // `Name: argocd/checkout` names the app in its namespace since Argo CD 2.5
    const app = get("Name")?.split("/").pop() ?? null;
    const revision = get("Sync Revision") ?? /\(([0-9a-f]{7,40})\)/.exec(get("Sync Status") ?? "")?.[1] ?? null;
    const phaseText = get("Phase") ?? "";
    const by = get("Initiated by") ?? null;
    const what = `Argo CD ${(get("Operation") ?? "sync").toLowerCase()} of ${app ?? "application"}${
      revision ? ` to ${revision.slice(0, 7)}` : ""
    } (${phaseText || "phase unknown"}${get("Message") ? `: ${get("Message")}` : ""})`;
    const failed = /^(?:Failed|Error)$/.test(phaseText);
    if (start) {
      const ts = time(start.value);
      if (!Number.isNaN(ts)) ctx.emit(changeEvent(ctx, ts, start.line, app, what, "started", by, revision));
    }
    if (finished) {
      const ts = time(finished.value);
      if (Number.isNaN(ts)) return;
      const phase: ChangePhase = failed ? "failed" : /^Succeeded$/.test(phaseText) ? "effective" : "started";
      ctx.emit(changeEvent(ctx, ts, finished.line, app, what, phase, by, revision));
    }
  },
};
