import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { overlappingBoxes, svgTextBoxes } from "../../../test/support/svg-text-boxes.js";
import { barChart, niceNumber, renderLineChart } from "./svg-charts.js";

describe("niceNumber", () => {
  it("ceil: the smallest 1/2/5 × 10^k at least x, 1 for nothing", () => {
    expect(niceNumber(0, "ceil")).toBe(1);
    expect(niceNumber(7, "ceil")).toBe(10);
    expect(niceNumber(13, "ceil")).toBe(20);
    expect(niceNumber(200, "ceil")).toBe(200);
    expect(niceNumber(0.3, "ceil")).toBe(0.5);
  });

  it("round: the nearest 1/2/5 × 10^k (tick steps)", () => {
    expect(niceNumber(1.2, "round")).toBe(1);
    expect(niceNumber(2.5, "round")).toBe(2);
    expect(niceNumber(40, "round")).toBe(50);
    expect(niceNumber(80, "round")).toBe(100);
  });

  it("property: ceil is at least x and less than 2.5 x; both give 1, 2 or 5 times a power of ten", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (x) => {
        const c = niceNumber(x, "ceil");
        expect(c).toBeGreaterThanOrEqual(x);
        expect(c).toBeLessThanOrEqual(2.5 * x * (1 + 1e-9));
        for (const n of [c, niceNumber(x, "round")]) {
          const lead = n / 10 ** Math.floor(Math.log10(n) + 1e-9);
          expect([1, 2, 5, 10].some((m) => Math.abs(lead - m) < 1e-6)).toBe(true);
        }
      }),
    );
  });
});

describe("renderLineChart", () => {
  it("says 'no data' for a chart without points", () => {
    const svg = renderLineChart({ id: "x", title: "T", unit: "req/s", series: [], markers: [], caption: "c" });
    expect(svg).toContain("no data");
  });

  it("places y ticks on nice steps", () => {
    const svg = renderLineChart({
      id: "x",
      title: "T",
      unit: "req/s",
      series: [
        {
          label: "a",
          points: [
            [0, 0],
            [60_000, 37],
          ],
        },
      ],
      markers: [],
      caption: "c",
    });
    const labels = [...svg.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(["0", "10", "20", "30", "40"]);
  });
});

describe("barChart", () => {
  it("scales the axis to the nice ceiling of the tallest stack", () => {
    const svg = barChart([{ label: "a", values: [6, 7] }], ["x", "y"], { title: "T" });
    const labels = [...svg.matchAll(/text-anchor="end" font-size="10">([^<]+)</g)].map((m) => m[1]);
    expect(labels.slice(0, 5)).toEqual(["0", "5", "10", "15", "20"]);
  });
});

describe("renderLineChart milestone labels", () => {
  const minute = 60_000;
  const t0 = Date.parse("2025-02-09T09:40:00Z");
  const spec = (offsets: number[]) => ({
    id: "m",
    title: "Requests",
    unit: "req/s",
    series: [
      { label: "200", points: Array.from({ length: 81 }, (_, i): [number, number] => [t0 + i * minute, i % 7]) },
    ],
    markers: ["Impact start", "Detected", "Paged", "Acknowledged", "Mitigated", "Recovered", "Resolved"].map(
      (label, i) => ({ label, time: t0 + (offsets[i] ?? 0) * minute }),
    ),
    caption: "c",
  });

  it("draws no two text boxes over each other when milestones are minutes apart", () => {
    const svg = renderLineChart(spec([25, 26.5, 28, 32, 42, 55, 60]));
    const boxes = svgTextBoxes(svg);
    expect(boxes.filter((b) => b.text === "Acknowledged")).toHaveLength(1);
    expect(overlappingBoxes(boxes)).toEqual([]);
  });

  it("property: any milestone times give non-overlapping text", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { minLength: 7, maxLength: 7 }), (offsets) => {
        expect(overlappingBoxes(svgTextBoxes(renderLineChart(spec(offsets))))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
