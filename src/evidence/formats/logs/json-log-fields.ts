import type { EventSeverity, RawEvent } from "../../../model/event.js";
import {
  epochNumberToMs,
  epochStringToMs,
  scanTimestamp,
  type TimeFields,
  type TimeResolver,
} from "../../timestamps/index.js";
import { mapSeverity, otelSeverity } from "./severity.js";

/*
 * The fields of a JSON log object, as the common structured loggers name them (see json-lines.ts for the shapes):
 * which keys hold the time, level, message, service and host, and how their values read. Shared by the generic
 * reader ({@link jsonLogEvent}, also used by kubectl-timestamps) and the per-shape fast path (json-log-shapes.ts),
 * which must read every line exactly alike.
 */

/** Keys that may hold the time, in the order they are tried. */
export const TIME_KEYS = [
  "@timestamp",
  "timestamp",
  "time",
  "ts",
  "timeUnixNano",
  "observedTimeUnixNano",
  "datetime",
  "date",
];
/** Keys that may hold the level, in the order they are tried. */
export const LEVEL_KEYS = [
  "level",
  "log.level",
  "severity",
  "severityText",
  "lvl",
  "loglevel",
  "levelname",
  "severity_text",
];
/** Keys that may hold the message, in the order they are tried. */
export const MESSAGE_KEYS = ["msg", "message", "body", "@message", "log", "event", "text"];
/** Keys that may hold the host, in the order they are tried. */
export const HOST_KEYS = ["hostname", "host.name", "host"];

/** Keys consumed into the event's own fields (not repeated in attributes). */
export const CONSUMED: ReadonlySet<string> = new Set([
  ...TIME_KEYS,
  ...LEVEL_KEYS,
  ...MESSAGE_KEYS,
  ...HOST_KEYS,
  "severityNumber",
  "service.name",
  "service",
  "resource",
  "v",
]);

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** A scalar (or OTel AnyValue) as text, null for anything else. */
export function stringOf(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v && typeof v === "object") {
    // OTel AnyValue: {"stringValue": "..."} / {"intValue": "3"}
    const o = v as Json;
    for (const k of ["stringValue", "intValue", "doubleValue", "boolValue"]) {
      const x = o[k];
      if (x !== undefined && x !== null) return String(x);
    }
  }
  return null;
}

/** A key that may be dotted, split once up front: slicing per lookup would allocate and hash a new string. */
interface KeyPath {
  key: string;
  head: string | null;
  tail: string;
}

function keyPath(key: string): KeyPath {
  const dot = key.indexOf(".");
  return dot < 0 ? { key, head: null, tail: "" } : { key, head: key.slice(0, dot), tail: key.slice(dot + 1) };
}

const SERVICE_NAME_PATH = keyPath("service.name");
const LOG_LEVEL_PATH = keyPath("log.level");
const HOST_NAME_PATH = keyPath("host.name");

/** Severity of one level value; null when it names none (or is absent, null or an object), so the next key is tried. */
export function levelSeverity(v: unknown): EventSeverity | null {
  // a boolean (`"level": true`) names no level either; it used to reach mapSeverity and fail the line
  if (typeof v !== "string" && typeof v !== "number") return null;
  return mapSeverity(v);
}

/** The message text of a message value: strings and OTel AnyValues as text, anything else as JSON. */
export function messageText(v: unknown): string {
  const s = stringOf(v);
  return s !== null ? s.trimEnd() : JSON.stringify(v);
}

/** `a.b` either as a flattened key (ECS allows both) or as nested objects. */
function dotted(o: Json, path: KeyPath): unknown {
  const flat = o[path.key];
  if (flat !== undefined || path.head === null) return flat;
  const head = o[path.head];
  if (!head || typeof head !== "object") return undefined;
  return (head as Json)[path.tail];
}

/** `service.name` from OTel `resource.attributes`, which is an OTLP key/value list or a plain map. */
function otelResourceService(o: Json): string | null {
  const res = o.resource;
  if (!res || typeof res !== "object") return null;
  const attrs = (res as Json).attributes;
  if (Array.isArray(attrs)) {
    for (const a of attrs) {
      if (a && typeof a === "object" && (a as Json).key === "service.name") return stringOf((a as Json).value);
    }
    return null;
  }
  if (attrs && typeof attrs === "object") return stringOf((attrs as Json)["service.name"]);
  return null;
}

function otlpAttributes(list: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of list) {
    if (a && typeof a === "object" && typeof (a as Json).key === "string") {
      const v = (a as Json).value;
      out[(a as Json).key as string] = stringOf(v) ?? v;
    }
  }
  return out;
}

/** Epoch ms of a JSON time value, or NaN. Strings may be ISO or digits (OTel nanoseconds). */
export function timeValue(v: unknown, f: TimeFields, resolver: TimeResolver): number {
  if (typeof v === "number") {
    const ms = epochNumberToMs(v);
    if (!Number.isNaN(ms)) resolver.noteZone(0);
    return ms;
  }
  if (typeof v !== "string" || v.length === 0) {
    // Mongo-style {"$date": ...}
    if (v && typeof v === "object" && "$date" in (v as Json)) return timeValue((v as Json).$date, f, resolver);
    return Number.NaN;
  }
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57 && v.length >= 10 && !v.includes("-") && !v.includes(":")) {
    const ms = epochStringToMs(v);
    if (!Number.isNaN(ms)) resolver.noteZone(0);
    return ms;
  }
  const e = scanTimestamp(v, 0, f);
  if (e < 0) return Number.NaN;
  return resolver.toEpoch(f);
}

/**
 * Build the event for one parsed JSON log object whose time is already known: level, message, service, host and
 * the remaining keys as attributes. Shared with `kubectl-timestamps`, which supplies its prefix time for JSON lines
 * that carry none.
 */
export function jsonLogEvent(o: Record<string, unknown>, ts: number, path: string, lineNo: number): RawEvent {
  let severity: EventSeverity | null = null;
  const sevNum = o.severityNumber;
  if (typeof sevNum === "number") severity = otelSeverity(sevNum);
  // The key lists are spelled out as property reads: one site per key stays monomorphic across lines of the same
  // shape, where a loop over the key list makes one megamorphic site (several times slower). Order as LEVEL_KEYS.
  if (severity === null) {
    severity =
      levelSeverity(o.level) ??
      levelSeverity(dotted(o, LOG_LEVEL_PATH)) ??
      levelSeverity(o.severity) ??
      levelSeverity(o.severityText) ??
      levelSeverity(o.lvl) ??
      levelSeverity(o.loglevel) ??
      levelSeverity(o.levelname) ??
      levelSeverity(o.severity_text);
  }
  // Order as MESSAGE_KEYS; an object under `log` is ECS `log: {level}`, not a message.
  let message = "";
  let m: unknown;
  if ((m = o.msg) !== undefined && m !== null) message = messageText(m);
  else if ((m = o.message) !== undefined && m !== null) message = messageText(m);
  else if ((m = o.body) !== undefined && m !== null) message = messageText(m);
  else if ((m = o["@message"]) !== undefined && m !== null) message = messageText(m);
  else if ((m = o.log) !== undefined && m !== null && typeof m !== "object") message = messageText(m);
  else if ((m = o.event) !== undefined && m !== null) message = messageText(m);
  else if ((m = o.text) !== undefined && m !== null) message = messageText(m);
  let service: string | null = null;
  const sn = dotted(o, SERVICE_NAME_PATH);
  if (typeof sn === "string") service = sn;
  else if (typeof o.service === "string") service = o.service;
  else if (o.resource !== undefined) service = otelResourceService(o);
  else if (typeof o.name === "string" && typeof o.hostname === "string") service = o.name; // bunyan
  // order as HOST_KEYS
  let host: string | null = null;
  let h: unknown = o.hostname;
  if (typeof h === "string") host = h;
  else if (typeof (h = dotted(o, HOST_NAME_PATH)) === "string") host = h;
  else if (typeof (h = o.host) === "string") host = h;
  const attributes: Record<string, unknown> = {};
  for (const k in o) {
    if (CONSUMED.has(k)) continue;
    attributes[k] = o[k];
  }
  // OTLP JSON writes attributes as [{key, value: AnyValue}]; a map is what people (and rules) expect.
  if (Array.isArray(o.attributes)) attributes.attributes = otlpAttributes(o.attributes);
  // Nested ECS/OTel containers keep their non-consumed parts.
  if (o.log && typeof o.log === "object") attributes.log = o.log;
  if (o.service && typeof o.service === "object") attributes.service = o.service;
  if (o.host && typeof o.host === "object") attributes.host = o.host;
  if (service !== null && service === o.name) delete attributes.name;
  const rawLevel = o.level ?? o.severityText ?? dotted(o, LOG_LEVEL_PATH);
  if (rawLevel !== undefined && typeof rawLevel !== "object") attributes.level = rawLevel;
  const err = o.err ?? o.error;
  if (err && typeof err === "object" && typeof (err as Json).stack === "string") {
    attributes.stackTrace = (err as Json).stack;
  }
  return { ts, path, line: lineNo, kind: "log", severity, service, host, actor: null, message, attributes };
}
