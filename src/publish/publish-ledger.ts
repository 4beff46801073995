import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";

/** State of one publish step. `started` without `done` means the process died mid-step: the outcome is unknown. */
export const StepState = z.object({
  status: z.enum(["started", "done", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** What the step produced (issue URL, message id...), used to skip it and to report. */
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
/** See {@link StepState}. */
export type StepState = z.infer<typeof StepState>;

const LedgerFile = z.object({
  formatVersion: z.literal(1),
  postmortemId: z.string(),
  steps: z.record(z.string(), StepState),
});
type LedgerFile = z.infer<typeof LedgerFile>;

/**
 * The publish ledger: `DIR/.debrief/publish-state.json`, recording each step before and after it runs. Every write is
 * atomic and durable (temp file, fsync, rename, fsync of the folder), so a kill at any instant leaves either the old
 * or the new state, never a torn file — which is what makes a rerun safe.
 */
export class PublishLedger {
  readonly path: string;
  private state: LedgerFile;

  private constructor(path: string, state: LedgerFile) {
    this.path = path;
    this.state = state;
  }

  /** Open (or start) the ledger of a post-mortem. A ledger of another post-mortem id is refused. */
  static open(path: string, postmortemId: string): PublishLedger {
    let text: string | undefined;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new DebriefError("STATE", `cannot read the publish ledger: ${(error as Error).message}`, {
          location: { path },
        });
      }
    }
    if (text === undefined) return new PublishLedger(path, { formatVersion: 1, postmortemId, steps: {} });
    let parsed: LedgerFile;
    try {
      parsed = LedgerFile.parse(JSON.parse(text));
    } catch (error) {
      throw new DebriefError(
        "STATE",
        `the publish ledger is not valid (${(error as Error).message.split("\n")[0]}); inspect it, or move it away to publish from scratch`,
        { location: { path } },
      );
    }
    if (parsed.postmortemId !== postmortemId) {
      throw new DebriefError(
        "STATE",
        `the publish ledger belongs to post-mortem ${parsed.postmortemId}, not ${postmortemId}`,
        { location: { path } },
      );
    }
    return new PublishLedger(path, parsed);
  }

  /** The recorded state of a step, if any. */
  get(step: string): StepState | undefined {
    return this.state.steps[step];
  }

  /** Every recorded step. */
  all(): Record<string, StepState> {
    return { ...this.state.steps };
  }

  /** Record that a step is about to run (before any side effect). */
  start(step: string): void {
    this.state.steps[step] = { status: "started", startedAt: new Date().toISOString() };
    this.flush();
  }

  /** Record that a step finished, with what it produced. */
  done(step: string, result: Record<string, unknown> = {}): void {
    const prev = this.state.steps[step];
    this.state.steps[step] = {
      status: "done",
      startedAt: prev?.startedAt ?? new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      result,
    };
    this.flush();
  }

  /** Record that a step failed for sure (the remote said no), so a rerun retries it. */
  fail(step: string, error: string): void {
    const prev = this.state.steps[step];
    this.state.steps[step] = {
      status: "failed",
      startedAt: prev?.startedAt ?? new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      error,
    };
    this.flush();
  }

  private flush(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileAtomicSync(this.path, `${JSON.stringify(this.state, null, 2)}\n`);
    try {
      const dirFd = openSync(dirname(this.path), "r");
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch {
      // some file systems refuse fsync on directories; the rename is still atomic there
    }
  }
}
