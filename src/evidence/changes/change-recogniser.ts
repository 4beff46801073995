import type { RawEvent } from "../../model/event.js";
import { changeRecord } from "./change-record.js";

/** What kind of change a record describes (see /work/brief/contracts.md, "Change events"). */
export type ChangeType =
  | "deploy"
  | "config"
  | "flag"
  | "infra"
  | "scale"
  | "commit"
  | "rollback"
  | "restart"
  | "release"
  | "cache"
  | "other";

/** Where a change is in its life: recorded/started, or the moment it took effect. */
export type ChangePhase = "committed" | "started" | "effective" | "failed";

/** The `attributes.change` record every change event carries. */
export interface ChangeRecord {
  type: ChangeType;
  what: string;
  where: string[];
  by: string | null;
  tool: string;
  phase: ChangePhase;
  /** True when the event's time is when the change took effect. */
  effective: boolean;
  /** When the change took effect (the event's time when `effective`), else null. */
  effectiveAt: string | null;
  /** A real commit or merge time only (a git log's date), never a start, plan or queue time. */
  committedAt: string | null;
  /** When the change began (rollout or apply started), when the record shows it apart from the event's time. */
  startedAt?: string;
  version?: string;
  id?: string;
}

/** What a recogniser found in one event: the rest of the record is filled in by {@link applyChange}. */
export interface ChangeMatch {
  type: ChangeType;
  what: string;
  phase: ChangePhase;
  tool: string;
  service?: string | null;
  hosts?: string[];
  by?: string | null;
  version?: string;
  /** When the change took effect, when the record says so apart from the event's own time (an end/completed field). */
  at?: number;
  /** When the change began, when the record shows it. */
  startedAt?: number;
}

/**
 * A recogniser of change records inside ordinary events: a CI job's `kubectl rollout status` output, Terraform's
 * `Apply complete!`, a Kubernetes `ScalingReplicaSet` event, an application's "starting version X", a chat message
 * announcing a deploy. One file per tool family; all are registered in `index.ts`. `hint` is a cheap pre-filter (a
 * regular expression every recogniser's messages must match), so the hot path tests one expression per event.
 */
export interface ChangeRecogniser {
  id: string;
  /** Where the recognised output is documented. */
  documentation: string;
  /** Matches every message this recogniser may accept (checked before `recognise`). */
  hint: RegExp;
  /**
   * Structured recognisers: attribute keys (of a JSON record's fields) whose presence offers an event to this recogniser
   * whatever its message; it is then tried after every message-hinted recogniser declined.
   */
  fields?: readonly string[];
  /**
   * Messages (as the event carries them, with the attributes their reader gives when they matter) this recogniser must
   * accept: checked by the conformance suite.
   */
  samples: readonly (string | { message: string; attributes: Record<string, unknown> })[];
  recognise(event: RawEvent): ChangeMatch | null;
}

/** Turn an event into a change event carrying `attributes.change` (the contract in contracts.md). */
export function applyChange(event: RawEvent, m: ChangeMatch): RawEvent {
  const service = m.service ?? event.service;
  const record = changeRecord({
    type: m.type,
    what: m.what,
    where: [...(service ? [service] : []), ...(m.hosts ?? (event.host ? [event.host] : []))],
    by: m.by ?? event.actor,
    tool: m.tool,
    phase: m.phase,
    at: m.at ?? event.ts,
    ...(m.startedAt !== undefined ? { startedAt: m.startedAt } : {}),
    // only a commit's own record says when it was committed; other recognisers' "committed" is a plan or a queue
    ...(m.phase === "committed" && m.type === "commit" ? { committedAt: event.ts } : {}),
    ...(m.version !== undefined ? { version: m.version } : {}),
  });
  return {
    ...event,
    ts: m.at ?? event.ts,
    // a record with no message of its own (an API record read field by field) is described by what changed
    ...(event.message.trim() === "" && record.what ? { message: record.what } : {}),
    kind: "change",
    service: service ?? null,
    actor: record.by,
    severity: m.phase === "failed" ? "error" : (event.severity ?? "info"),
    attributes: {
      ...event.attributes,
      type: m.type,
      originalKind: event.kind,
      ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
      change: record,
    },
  };
}
