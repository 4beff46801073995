import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlatJsonScanner } from "./flat-json.js";

/** What JSON.parse makes of a line, or a marker when it throws. */
function reference(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return "<throws>";
  }
}

/** The object the scanned keys and values describe, built with JSON.parse's rules (last duplicate wins). */
function scannedObject(scanner: FlatJsonScanner, k: number): Record<string, unknown> {
  const pairs: [string, unknown][] = [];
  for (let t = 0; t < k; t++) pairs.push([scanner.key(t), scanner.get(t)]);
  return Object.fromEntries(pairs);
}

function expectSameAsJsonParse(line: string, got: Record<string, unknown>): void {
  const want = reference(line);
  expect(want).not.toBe("<throws>");
  expect(Object.keys(got)).toEqual(Object.keys(want as object));
  for (const [k, v] of Object.entries(want as object)) expect(Object.is(got[k], v)).toBe(true);
}

const key = fc.oneof(
  fc.constantFrom("level", "time", "msg", "hostname", "reqId", "a.b", "1", "0", "__proto__", "constructor", ""),
  fc.string({ maxLength: 12 }),
);
// values as JSON text: whatever JSON.stringify writes, plus number spellings it never writes
const valueText = fc.oneof(
  fc
    .oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "0",
    "-0",
    "1e21",
    "1234567890123456",
    "9007199254740993",
    "0.1",
    "1E-7",
    "-12.5e+3",
    "true",
    "false",
  ),
  fc.constant("null"),
);
const flatLine = fc
  .array(fc.tuple(key, valueText), { maxLength: 10 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);

function scan(line: string): { scanner: FlatJsonScanner; k: number } {
  const scanner = new FlatJsonScanner();
  const k = FlatJsonScanner.plain(line) ? scanner.scan(line, 0) : -1;
  return { scanner, k };
}

describe("FlatJsonScanner", () => {
  it("scans a pino line and reads its values as JSON.parse does", () => {
    const line =
      '{"level":30,"time":1739059200032,"pid":4242,"hostname":"h","msg":"slow query","ok":true,"err":null,"r":-0.5}';
    const { scanner, k } = scan(line);
    expect(k).toBe(8);
    expect(scanner.key(4)).toBe("msg");
    expect(scanner.get(4)).toBe("slow query");
    expectSameAsJsonParse(line, scannedObject(scanner, k));
  });

  it("checks a line against known keys", () => {
    const scanner = new FlatJsonScanner();
    const literals = ['"level":', ',"msg":'];
    expect(scanner.scanKeys('{"level":30,"msg":"a"}', 0, literals)).toBe(true);
    expect(scanner.get(1)).toBe("a");
    expect(scanner.scanKeys('{"level":30,"msgs":"a"}', 0, literals)).toBe(false);
    expect(scanner.scanKeys('{"level":30,"msg":"a","x":1}', 0, literals)).toBe(false);
    expect(scanner.scanKeys('{"level":30}', 0, literals)).toBe(false);
    expect(scanner.scanKeys('  {"level":1,"msg":null}', 2, literals)).toBe(true);
  });

  it("leaves to JSON.parse what is outside its subset", () => {
    for (const line of [
      '{"a":{"b":1}}',
      '{"a":[1]}',
      '{"a":"x\\"y"}',
      '{ "a": 1 }',
      '{"a":1} ',
      '{"a":"tab\there"}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":1e}',
      '{"a":tru}',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":1',
      '{"a":"unterminated}',
      '{"a":1}{"b":2}',
    ]) {
      expect(scan(line).k, line).toBe(-1);
    }
  });

  it("agrees with JSON.parse on every flat object line", () => {
    fc.assert(
      fc.property(flatLine, (line) => {
        const { scanner, k } = scan(line);
        if (k < 0) return;
        expectSameAsJsonParse(line, scannedObject(scanner, k));
        // the same keys found again by the guided scan
        const literals = Array.from({ length: k }, (_, t) => `${t === 0 ? "" : ","}"${scanner.key(t)}":`);
        expect(new FlatJsonScanner().scanKeys(line, 0, literals)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("never accepts a line JSON.parse rejects", () => {
    const mangled = fc
      .tuple(flatLine, fc.nat(200), fc.constantFrom("", " ", ",", "}", "{", '"', "-", ".", "e", "0", "\\", "x", ":"))
      .map(([text, at, insert]) => {
        const p = at % (text.length + 1);
        return text.slice(0, p) + insert + text.slice(p + (insert === "" ? 1 : 0));
      });
    fc.assert(
      fc.property(mangled, (line) => {
        if (!line.startsWith("{")) return;
        const { scanner, k } = scan(line);
        if (k >= 0) expectSameAsJsonParse(line, scannedObject(scanner, k));
      }),
      { numRuns: 3000 },
    );
  });
});
