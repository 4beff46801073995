import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ownString } from "./source-aggregates.js";

/** What ownString returned before it skipped the Buffer round trip: the reference. */
function viaBuffer(text: string, max = 500): string {
  const cut = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return Buffer.from(cut, "utf8").toString("utf8");
}

describe("ownString", () => {
  it("copies, cuts long text with an ellipsis, and turns lone surrogates into U+FFFD as the UTF-8 round trip does", () => {
    expect(ownString("GET /api/orders 200")).toBe("GET /api/orders 200");
    expect(ownString("")).toBe("");
    expect(ownString("x".repeat(20), 10)).toBe(`${"x".repeat(7)}...`);
    expect(ownString("caf\u00e9 \u{1f600} ok")).toBe("caf\u00e9 \u{1f600} ok");
    expect(ownString("bad \ud800 half")).toBe("bad \ufffd half");
    expect(ownString("\udc00")).toBe("\ufffd");
  });

  it("property: equals the UTF-8 round trip for any text and limit, surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.integer({ min: 4, max: 100 }), (text, max) => {
        expect(ownString(text, max)).toBe(viaBuffer(text, max));
      }),
      { seed: 20251207, numRuns: 500 },
    );
  });

  it("does not keep the text it was cut from alive", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let i = 0; i < 50; i++) {
      const block = `${String.fromCharCode(97 + (i % 26)).repeat(1 << 20)}message number ${i} of the block`;
      kept.push(ownString(block.slice(1 << 20)));
    }
    gc();
    expect(kept[7]).toBe("message number 7 of the block");
    // slices would keep the 50 one-MiB blocks reachable; copies hold a few bytes each
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 2 ** 20);
  });
});
