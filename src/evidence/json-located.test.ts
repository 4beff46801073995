import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonLocated } from "./json-located.js";

describe("parseJsonLocated", () => {
  it("parses exactly like JSON.parse for any JSON value, compact or pretty", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const doc = parseJsonLocated(text);
        expect(doc.problem).toBeUndefined();
        expect(doc.value).toEqual(JSON.parse(text));
      }),
    );
  });

  it("records the line where each object and array starts", () => {
    const text = '{\n  "items": [\n    {"a": 1},\n\n    {\n      "b": [1,\n 2]\n    }\n  ]\n}';
    const doc = parseJsonLocated(text);
    const root = doc.value as { items: { b?: number[] }[] };
    expect(doc.lineOf(root)).toBe(1);
    expect(doc.lineOf(root.items)).toBe(2);
    expect(doc.lineOf(root.items[0])).toBe(3);
    expect(doc.lineOf(root.items[1])).toBe(5);
    expect(doc.lineOf(root.items[1]?.b)).toBe(6);
    expect(doc.lineOf("primitive")).toBe(1);
  });

  it("keeps what was read before a truncation and marks the open containers partial", () => {
    const doc = parseJsonLocated('{"list": [{"a": 1}, {"a": 2}, {"a": 3, "b"');
    expect(doc.problem?.truncated).toBe(true);
    const root = doc.value as { list: { a: number }[] };
    expect(root.list.slice(0, 2)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(doc.isPartial(root.list[2])).toBe(true);
    expect(doc.isPartial(root.list[0])).toBe(false);
    expect(doc.isPartial(root)).toBe(true);
  });

  it("reports the line and column of a syntax error", () => {
    const doc = parseJsonLocated("[\n  1,\n  2,,\n]");
    expect(doc.problem).toMatchObject({ line: 3, column: 5, truncated: false });
  });

  it("rejects trailing text, bad literals and bad escapes without throwing", () => {
    expect(parseJsonLocated("{} x").problem?.message).toMatch(/after the JSON value/);
    expect(parseJsonLocated("[tru]").problem?.truncated).toBe(false);
    expect(parseJsonLocated('["\\q"]').problem?.message).toMatch(/escape/);
    expect(parseJsonLocated("").problem?.truncated).toBe(true);
    expect(parseJsonLocated("[1, -]").problem).toBeDefined();
  });

  it("does not let __proto__ keys change prototypes", () => {
    const doc = parseJsonLocated('{"__proto__": {"polluted": true}}');
    const v = doc.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(["__proto__"]);
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const doc = parseJsonLocated(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    expect(doc.problem?.message).toMatch(/nesting/);
  });

  it("never throws on any prefix or mutation of a valid document", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 }), (value, cut, junk) => {
        const text = JSON.stringify(value, null, 1);
        const at = cut % (text.length + 1);
        parseJsonLocated(text.slice(0, at));
        parseJsonLocated(text.slice(0, at) + junk + text.slice(at));
      }),
    );
  });
});
