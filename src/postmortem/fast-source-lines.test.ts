import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InlineParser } from "./fast-inline-parser.js";
import { SourceLines } from "./fast-source-lines.js";

/** Line and column of an offset, counted the slow way. */
function naive(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

describe("SourceLines", () => {
  it("property: every offset's point agrees with counting newlines, in any visiting order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", " ", "\n", "\r\n"), { maxLength: 80 }).map((a) => a.join("")),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, picks) => {
          const lines = new SourceLines(text);
          for (const p of picks) {
            const offset = text.length === 0 ? 0 : p % (text.length + 1);
            const { start } = lines.position(offset, offset);
            expect({ line: start.line, column: start.column }).toEqual(naive(text, offset));
            expect(start.offset).toBe(offset);
          }
        },
      ),
    );
  });
});

describe("InlineParser over a SourceLines", () => {
  it("parses emphasis and code with source positions", () => {
    const src = "say *hi* and `x`";
    const nodes = new InlineParser(new SourceLines(src), [{ from: 0, to: src.length, eol: "" }], false).run();
    expect(nodes.map((n) => n.type)).toEqual(["text", "emphasis", "text", "inlineCode"]);
    expect(nodes[1]?.position?.start.column).toBe(5);
  });
});
