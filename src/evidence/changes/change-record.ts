import type { EventSeverity, RawEvent } from "../../model/event.js";
import type { ChangePhase, ChangeRecord, ChangeType } from "./change-recogniser.js";

/** What a reader or recogniser knows about one change; {@link changeRecord} turns it into the contract's record. */
export interface ChangeFacts {
  type: ChangeType;
  what: string;
  /** Services and hosts touched, the changed thing (service, release, flag) first. */
  where: readonly string[];
  by: string | null;
  tool: string;
  phase: ChangePhase;
  /** The time of the event that carries the record (epoch ms): the effect time when `phase` is `effective`. */
  at: number;
  /** When the change began (rollout or apply started), when the record shows it apart from `at`. */
  startedAt?: number;
  /** A real commit or merge time (a git log's date); never a start, plan or queue time. */
  committedAt?: number;
  version?: string | null;
  id?: string | null;
}

function iso(ms: number | undefined): string | null {
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * The `attributes.change` record of contracts.md ("Change events"), built one way for every reader and recogniser:
 * `effectiveAt` is the event's own time exactly when the phase is `effective` (rollout done, apply complete, flag
 * flipped, sync succeeded), `committedAt` only a real commit/merge time, `startedAt` when the change began.
 */
export function changeRecord(f: ChangeFacts): ChangeRecord {
  const effective = f.phase === "effective";
  const started = iso(f.startedAt);
  return {
    type: f.type,
    what: f.what.slice(0, 200),
    where: [...new Set(f.where.filter((w) => w.length > 0))],
    by: f.by,
    tool: f.tool,
    phase: f.phase,
    effective,
    effectiveAt: effective ? iso(f.at) : null,
    committedAt: iso(f.committedAt),
    ...(started !== null ? { startedAt: started } : {}),
    ...(f.version ? { version: f.version } : {}),
    ...(f.id ? { id: f.id } : {}),
  };
}

/** A change event as a reader emits it: the facts of the change plus where the record stands in its file. */
export interface ChangeEventFacts extends ChangeFacts {
  path: string;
  line: number;
  /** The changed service (defaults to the first `where`). */
  service?: string | null;
  host?: string | null;
  /** One human line, kept as given (a commit's subject whole); defaults to `what`, cut at 300 characters. */
  message?: string;
  /** Reader-specific attributes kept beside `type` and `change` (a task name, a flag key, `automatic`). */
  attributes?: Record<string, unknown>;
  /** Defaults to `error` for a failed change, else `info`. */
  severity?: EventSeverity;
}

/**
 * A `change` event carrying {@link changeRecord}'s record: `ts` is `at`, the actor is who applied it, a failed change
 * is an error. Every change reader emits through this, so the record means the same whatever tool wrote it.
 */
export function changeEvent(f: ChangeEventFacts): RawEvent {
  const record = changeRecord(f);
  return {
    ts: f.at,
    path: f.path,
    line: f.line,
    kind: "change",
    severity: f.severity ?? (f.phase === "failed" ? "error" : "info"),
    service: f.service !== undefined ? f.service : (record.where[0] ?? null),
    host: f.host ?? null,
    actor: f.by,
    message: f.message ?? f.what.slice(0, 300),
    attributes: {
      type: f.type,
      ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
      ...f.attributes,
      change: record,
    },
  };
}
