/** Why a JSON text stopped parsing. */
export interface JsonProblem {
  /** 1-based line and column of the problem. */
  line: number;
  column: number;
  message: string;
  /** The text ended inside a value: a truncated download or copy. */
  truncated: boolean;
}

/** A parsed JSON document that remembers where each object and array started. */
export interface LocatedJson {
  /** The value; after a problem, everything read before it (open containers attached, marked partial). */
  value: unknown;
  /** Set when the text is not complete, valid JSON. */
  problem: JsonProblem | undefined;
  /** 1-based line where an object or array of this document starts (1 for values it does not know). */
  lineOf(node: unknown): number;
  /** True for a container the text ended (or broke) inside: its content is incomplete. */
  isPartial(node: unknown): boolean;
}

/** Deeper nesting than this is refused rather than risking the stack or a pathological input. */
export const MAX_JSON_DEPTH = 1000;

class JsonStop extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

interface Frame {
  array: boolean;
  value: unknown[] | Record<string, unknown>;
  key: string | null;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parse JSON while recording the line where every object and array starts, so events from pretty-printed
 * documents (Prometheus responses, PagerDuty exports) point at the right line. Never throws: a truncated or broken
 * document yields what was read before the problem plus the problem's line and column. Iterative (no recursion), so
 * deeply nested input cannot overflow the stack.
 */
export function parseJsonLocated(text: string): LocatedJson {
  const n = text.length;
  const lines = new WeakMap<object, number>();
  const partial = new WeakSet<object>();
  const stack: Frame[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let root: unknown;

  const ws = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 10) {
        line++;
        pos++;
        lineStart = pos;
      } else if (c === 32 || c === 9 || c === 13) pos++;
      else break;
    }
  };
  const eof = (what: string): JsonStop => new JsonStop(`the text ends inside ${what}`, pos, true);
  const readString = (): string => {
    // pos is at the opening quote
    const start = pos + 1;
    let end = text.indexOf('"', start);
    if (end < 0) throw eof("a string");
    const bs = text.indexOf("\\", start);
    if (bs < 0 || bs > end) {
      pos = end + 1;
      return text.slice(start, end);
    }
    // escapes: find the real closing quote (one not preceded by an odd run of backslashes)
    for (;;) {
      let k = end - 1;
      let slashes = 0;
      while (k >= start && text.charCodeAt(k) === 92) {
        slashes++;
        k--;
      }
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
      if (end < 0) throw eof("a string");
    }
    pos = end + 1;
    try {
      return JSON.parse(text.slice(start - 1, end + 1)) as string;
    } catch {
      throw new JsonStop("invalid escape in a string", start, false);
    }
  };
  const readKey = (): string => {
    ws();
    if (pos >= n) throw eof("an object");
    if (text.charCodeAt(pos) !== 34) throw new JsonStop("expected a quoted property name", pos, false);
    const key = readString();
    ws();
    if (pos >= n) throw eof("an object");
    if (text.charCodeAt(pos) !== 58) throw new JsonStop("expected ':' after a property name", pos, false);
    pos++;
    return key;
  };
  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    if (word.startsWith(text.slice(pos, pos + word.length)) && pos + word.length > n) throw eof("a literal");
    throw new JsonStop(`unexpected character ${JSON.stringify(text.charAt(pos))}`, pos, false);
  };
  const assign = (frame: Frame, v: unknown): void => {
    if (frame.array) (frame.value as unknown[]).push(v);
    else if (frame.key === "__proto__") {
      Object.defineProperty(frame.value, "__proto__", {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else (frame.value as Record<string, unknown>)[frame.key as string] = v;
  };

  try {
    outer: for (;;) {
      ws();
      if (pos >= n) throw eof(stack.length === 0 ? "nothing: the document is empty" : "a value");
      const c = text.charCodeAt(pos);
      let v: unknown;
      if (c === 123) {
        const o: Record<string, unknown> = {};
        lines.set(o, line);
        pos++;
        ws();
        if (pos < n && text.charCodeAt(pos) === 125) {
          pos++;
          v = o;
        } else {
          if (stack.length >= MAX_JSON_DEPTH) throw new JsonStop("nesting deeper than 1000 levels", pos, false);
          stack.push({ array: false, value: o, key: null });
          (stack[stack.length - 1] as Frame).key = readKey();
          continue;
        }
      } else if (c === 91) {
        const a: unknown[] = [];
        lines.set(a, line);
        pos++;
        ws();
        if (pos < n && text.charCodeAt(pos) === 93) {
          pos++;
          v = a;
        } else {
          if (stack.length >= MAX_JSON_DEPTH) throw new JsonStop("nesting deeper than 1000 levels", pos, false);
          stack.push({ array: true, value: a, key: null });
          continue;
        }
      } else if (c === 34) v = readString();
      else if (c === 45 || (c >= 48 && c <= 57)) {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(text);
        if (!m) throw pos + 1 >= n ? eof("a number") : new JsonStop("invalid number", pos, false);
        pos += m[0].length;
        v = Number(m[0]);
      } else if (c === 116) v = literal("true", true);
      else if (c === 102) v = literal("false", false);
      else if (c === 110) v = literal("null", null);
      else throw new JsonStop(`unexpected character ${JSON.stringify(text.charAt(pos))}`, pos, false);

      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          root = v;
          break outer;
        }
        assign(top, v);
        ws();
        if (pos >= n) throw eof(top.array ? "an array" : "an object");
        const d = text.charCodeAt(pos);
        if (d === 44) {
          pos++;
          if (!top.array) top.key = readKey();
          continue outer;
        }
        if (d === (top.array ? 93 : 125)) {
          pos++;
          stack.pop();
          v = top.value;
          continue;
        }
        throw new JsonStop(top.array ? "expected ',' or ']'" : "expected ',' or '}'", pos, false);
      }
    }
    ws();
    if (pos < n) throw new JsonStop("unexpected text after the JSON value", pos, false);
    return located(root, undefined);
  } catch (error) {
    if (!(error instanceof JsonStop)) throw error;
    // unwind: attach every open container to its parent so what was read stays reachable, marked partial
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i] as Frame;
      partial.add(frame.value);
      const parent = stack[i - 1];
      if (parent && (parent.array || parent.key !== null)) assign(parent, frame.value);
      if (i === 0) root = frame.value;
    }
    const at = Math.min(error.pos, n);
    // recount the line at the failure point (the error may point before the current position)
    let errLine = line;
    let errStart = lineStart;
    if (at < lineStart) {
      errLine = 1;
      errStart = 0;
      for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) {
        errLine++;
        errStart = i + 1;
      }
    }
    return located(root, {
      line: errLine,
      column: at - errStart + 1,
      message: error.message,
      truncated: error.truncated,
    });
  }

  function located(value: unknown, problem: JsonProblem | undefined): LocatedJson {
    return {
      value,
      problem,
      lineOf: (node) => (typeof node === "object" && node !== null ? (lines.get(node) ?? 1) : 1),
      isPartial: (node) => typeof node === "object" && node !== null && partial.has(node),
    };
  }
}
