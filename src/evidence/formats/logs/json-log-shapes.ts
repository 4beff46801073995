import type { EventSeverity, RawEvent } from "../../../model/event.js";
import type { TimeFields, TimeResolver } from "../../timestamps/index.js";
import { FlatJsonScanner } from "./flat-json.js";
import {
  CONSUMED,
  LEVEL_KEYS,
  levelSeverity,
  MESSAGE_KEYS,
  messageText,
  TIME_KEYS,
  timeValue,
} from "./json-log-fields.js";
import { otelSeverity } from "./severity.js";

/*
 * The fast path of the JSON-lines reader. A source's log lines share a few shapes (the same keys in the same
 * order), so the work that depends only on the keys is done once per shape: which key holds the time, the level,
 * the message, the service and the host, and a constructor for the attributes object with its final hidden class.
 * A line is then scanned against its shape's keys (flat-json.ts) and only the values it needs are cut out; no
 * intermediate object is built. Lines outside the flat subset, and shapes this path does not take (duplicate or
 * numeric keys, `__proto__`), go to `JSON.parse` and `jsonLogEvent`, which read every line exactly as this does:
 * json-lines.test.ts checks the two against each other on generated lines.
 */

/** Shapes remembered per source, most recently used first. */
const MAX_SHAPES = 8;
/** Shapes compiled per source before giving up on the fast path for new ones (a source with a new key set per line). */
const MAX_LEARNED = 256;
const MAX_KEY_LENGTH = 200;

type Get = (t: number) => unknown;

interface Shape {
  /** `"key":` per key, with a leading comma after the first: what {@link FlatJsonScanner.scanKeys} expects. */
  literals: string[];
  /** False for shapes left to the generic reader. */
  usable: boolean;
  /** Slots of the time keys present, in the order they are tried. */
  time: number[];
  severityNumber: number;
  levels: number[];
  messages: number[];
  serviceName: number;
  service: number;
  resource: number;
  name: number;
  hostname: number;
  hostName: number;
  host: number;
  level: number;
  severityText: number;
  logLevel: number;
  attributes: (get: Get) => Record<string, unknown>;
}

/**
 * Reads one line: the event, `null` when the line has no usable time (to be skipped as `no-timestamp`), or
 * `undefined` when the line is not for this path (then read it with `JSON.parse` and `jsonLogEvent`).
 */
export type JsonLogFastPath = (
  line: string,
  start: number,
  path: string,
  lineNo: number,
) => RawEvent | null | undefined;

/**
 * A fast path with its own shape cache (create one per source).
 * @param fields and `resolver`: the reader's time state, shared with its generic path so both read times alike
 */
export function createJsonLogFastPath(fields: TimeFields, resolver: TimeResolver): JsonLogFastPath {
  const scanner = new FlatJsonScanner();
  const get: Get = (t) => scanner.get(t);
  const shapes: Shape[] = [];
  let learned = 0;

  const shapeOf = (line: string, start: number): Shape | undefined => {
    for (let c = 0; c < shapes.length; c++) {
      const shape = shapes[c] as Shape;
      if (scanner.scanKeys(line, start, shape.literals)) {
        if (c > 0) {
          shapes.splice(c, 1);
          shapes.unshift(shape);
        }
        return shape;
      }
    }
    if (learned >= MAX_LEARNED) return undefined;
    const k = scanner.scan(line, start);
    if (k < 0) return undefined;
    const keys: string[] = [];
    for (let t = 0; t < k; t++) keys.push(scanner.key(t));
    const shape = compileShape(keys);
    learned++;
    if (shapes.length === MAX_SHAPES) shapes.pop();
    shapes.unshift(shape);
    return shape;
  };

  return (line, start, path, lineNo) => {
    if (!FlatJsonScanner.plain(line)) return undefined;
    const shape = shapeOf(line, start);
    if (!shape?.usable) return undefined;

    let ts = Number.NaN;
    for (const t of shape.time) {
      ts = timeValue(get(t), fields, resolver);
      if (!Number.isNaN(ts)) break;
    }
    if (Number.isNaN(ts)) return null;

    let severity: EventSeverity | null = null;
    if (shape.severityNumber >= 0) {
      const n = get(shape.severityNumber);
      if (typeof n === "number") severity = otelSeverity(n);
    }
    if (severity === null) {
      for (const t of shape.levels) {
        severity = levelSeverity(get(t));
        if (severity !== null) break;
      }
    }
    let message = "";
    for (const t of shape.messages) {
      const m = get(t);
      if (m !== null) {
        message = messageText(m);
        break;
      }
    }
    // as jsonLogEvent reads them; nested forms (`service: {name}`) cannot occur in a flat line
    let service: string | null = null;
    const sn = shape.serviceName >= 0 ? get(shape.serviceName) : undefined;
    if (typeof sn === "string") service = sn;
    else {
      const sv = shape.service >= 0 ? get(shape.service) : undefined;
      if (typeof sv === "string") service = sv;
      else if (shape.resource < 0 && shape.name >= 0 && shape.hostname >= 0) {
        const name = get(shape.name);
        if (typeof name === "string" && typeof get(shape.hostname) === "string") service = name; // bunyan
      }
    }
    let host: string | null = null;
    const h1 = shape.hostname >= 0 ? get(shape.hostname) : undefined;
    if (typeof h1 === "string") host = h1;
    else {
      const h2 = shape.hostName >= 0 ? get(shape.hostName) : undefined;
      if (typeof h2 === "string") host = h2;
      else {
        const h3 = shape.host >= 0 ? get(shape.host) : undefined;
        if (typeof h3 === "string") host = h3;
      }
    }
    const attributes = shape.attributes(get);
    if (service !== null && shape.name >= 0 && service === get(shape.name)) delete attributes.name;
    let rawLevel = shape.level >= 0 ? get(shape.level) : undefined;
    if (rawLevel === undefined || rawLevel === null)
      rawLevel = shape.severityText >= 0 ? get(shape.severityText) : undefined;
    if (rawLevel === undefined || rawLevel === null) rawLevel = shape.logLevel >= 0 ? get(shape.logLevel) : undefined;
    if (rawLevel !== undefined && typeof rawLevel !== "object") attributes.level = rawLevel;
    return { ts, path, line: lineNo, kind: "log", severity, service, host, actor: null, message, attributes };
  };
}

/** Everything about a key list that does not depend on the values. */
function compileShape(keys: string[]): Shape {
  const literals = keys.map((k, t) => `${t === 0 ? "" : ","}"${k}":`);
  const slot = new Map<string, number>();
  let usable = true;
  for (let t = 0; t < keys.length; t++) {
    const k = keys[t] as string;
    // JSON.parse keeps the last of duplicate keys at the first one's place and puts numeric keys first; an object
    // literal's `__proto__` sets the prototype. Rare in logs: left to the generic reader.
    if (slot.has(k) || k === "__proto__" || /^\d+$/.test(k) || k.length > MAX_KEY_LENGTH) usable = false;
    slot.set(k, t);
  }
  const at = (k: string): number => slot.get(k) ?? -1;
  const present = (list: readonly string[]): number[] => list.map(at).filter((t) => t >= 0);
  const rest = keys.map((k, t) => [k, t] as const).filter(([k]) => !CONSUMED.has(k));
  // One constructor per shape: an object literal gets its final hidden class at once. Keys are embedded as JSON
  // string literals, never as code.
  const body = `return {${rest.map(([k, t]) => `${JSON.stringify(k)}: get(${t})`).join(", ")}};`;
  return {
    literals,
    usable,
    time: present(TIME_KEYS),
    severityNumber: at("severityNumber"),
    levels: present(LEVEL_KEYS),
    messages: present(MESSAGE_KEYS),
    serviceName: at("service.name"),
    service: at("service"),
    resource: at("resource"),
    name: at("name"),
    hostname: at("hostname"),
    hostName: at("host.name"),
    host: at("host"),
    level: at("level"),
    severityText: at("severityText"),
    logLevel: at("log.level"),
    attributes: usable ? (new Function("get", body) as Shape["attributes"]) : () => ({}),
  };
}
