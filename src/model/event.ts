import { z } from "zod";
import { UtcInstant } from "./common.js";
import { EVENT_SEVERITIES } from "./severity-rank.js";

/** What an event records. */
export const EventKind = z.enum(["log", "metric", "alert", "page", "chat", "change", "k8s-event", "note"]);
/** See {@link EventKind}. */
export type EventKind = z.infer<typeof EventKind>;

/** Normalised severity, mapped from every source's own levels. */
export const EventSeverity = z.enum(EVENT_SEVERITIES);
/** See {@link EventSeverity}. */
export type EventSeverity = z.infer<typeof EventSeverity>;

export { SEVERITY_RANK } from "./severity-rank.js";

/** One normalised occurrence from one evidence line (or a multi-line record starting there). */
export const Event = z.object({
  time: UtcInstant,
  path: z.string(),
  /** 1-based line where the event starts in the original (decompressed) file. */
  line: z.number().int().nonnegative(),
  kind: EventKind,
  severity: EventSeverity.nullable(),
  service: z.string().nullable(),
  host: z.string().nullable(),
  actor: z.string().nullable(),
  message: z.string(),
  attributes: z.record(z.string(), z.unknown()),
});
/** See {@link Event}. */
export type Event = z.infer<typeof Event>;

/**
 * The in-memory form the readers and the timeline engine pass around: the same fields as {@link Event} plus the
 * epoch milliseconds, so hot loops compare numbers instead of parsing strings.
 */
export interface RawEvent {
  /** Epoch milliseconds (UTC). */
  ts: number;
  path: string;
  line: number;
  kind: EventKind;
  severity: EventSeverity | null;
  service: string | null;
  host: string | null;
  actor: string | null;
  message: string;
  attributes: Record<string, unknown>;
}

/** Convert the hot-path form to the serialised contract. */
export function toEvent(raw: RawEvent): Event {
  return {
    time: new Date(raw.ts).toISOString(),
    path: raw.path,
    line: raw.line,
    kind: raw.kind,
    severity: raw.severity,
    service: raw.service,
    host: raw.host,
    actor: raw.actor,
    message: raw.message,
    attributes: raw.attributes,
  };
}
