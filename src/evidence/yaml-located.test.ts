import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYamlLocated } from "./yaml-located.js";

describe("parseYamlLocated", () => {
  it("reads values and the line where each mapping and sequence starts", () => {
    const doc = parseYamlLocated(
      ["items:", "- name: a", "  count: 2", "  when: '2025-03-04T10:00:00Z'", "- name: b", "  tags: [x, y]"].join("\n"),
    );
    expect(doc.problem).toBeUndefined();
    const root = doc.value as { items: Record<string, unknown>[] };
    expect(root.items).toEqual([
      { name: "a", count: 2, when: "2025-03-04T10:00:00Z" },
      { name: "b", tags: ["x", "y"] },
    ]);
    expect(root.items.map((it) => doc.lineOf(it))).toEqual([2, 5]);
  });

  it("reports the line of a syntax error and never throws", () => {
    const doc = parseYamlLocated("a: 1\nb: [1, 2\nc: 3\n");
    expect(doc.problem?.line).toBeGreaterThanOrEqual(2);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const d = parseYamlLocated(text);
        expect(typeof d.lineOf(d.value)).toBe("number");
      }),
      { seed: 15, numRuns: 200 },
    );
  });
});
