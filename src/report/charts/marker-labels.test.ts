import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateTextWidth, type PlacedLabel, placeMarkerLabels } from "./marker-labels.js";

const NAMES = ["Impact start", "Detected", "Paged", "Acknowledged", "Mitigated", "Recovered", "Resolved"];
const OPTIONS = { fontSize: 10, minX: 2, maxX: 758 };

function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
  return a.row === b.row && a.left < b.right && b.left < a.right;
}

describe("placeMarkerLabels", () => {
  it("stacks labels of milestones a minute apart instead of printing them over each other", () => {
    // the example incident: detected, paged and acknowledged within seven minutes on an 80-minute axis
    const xs = [336, 350, 365, 403, 508, 638, 689];
    const placed = placeMarkerLabels(
      NAMES.map((label, i) => ({ label, x: xs[i]! })),
      OPTIONS,
    );
    for (const a of placed) for (const b of placed) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(new Set(placed.map((p) => p.row)).size).toBeGreaterThan(1);
    // each label starts at its own line (text to the right) unless it would leave the chart
    for (const p of placed) expect(p.anchor === "start" ? p.left - p.x : p.x - p.right).toBeGreaterThan(0);
  });

  it("keeps a label near the right edge inside the chart by running it left of its line", () => {
    const [p] = placeMarkerLabels([{ label: "Resolved", x: 750 }], OPTIONS);
    expect(p?.anchor).toBe("end");
    expect(p!.right).toBeLessThanOrEqual(758);
  });

  it("estimates wider text for longer labels", () => {
    expect(estimateTextWidth("Acknowledged", 10)).toBeGreaterThan(estimateTextWidth("Paged", 10));
  });

  it("property: labels never overlap and stay in the chart", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: fc.constantFrom(...NAMES), x: fc.integer({ min: 56, max: 744 }) }), {
          maxLength: 9,
        }),
        (markers) => {
          const placed = placeMarkerLabels(markers, OPTIONS);
          expect(placed).toHaveLength(markers.length);
          placed.forEach((p, i) => {
            expect(p.label).toBe(markers[i]!.label);
            expect(p.left).toBeGreaterThanOrEqual(OPTIONS.minX);
            expect(p.right).toBeLessThanOrEqual(OPTIONS.maxX);
          });
          for (let i = 0; i < placed.length; i++)
            for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i]!, placed[j]!)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
