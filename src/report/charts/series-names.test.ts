import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChartSeries } from "./chart-types.js";
import { nameSeries, parseLabelSet, readableLabelName, summariseSeries } from "./series-names.js";

const pts = (...vs: number[]): Array<[number, number]> => vs.map((v, i) => [i * 60_000, v]);

describe("parseLabelSet", () => {
  it("reads label sets with or without a metric name, and escaped quotes", () => {
    expect(parseLabelSet('{code="200"}')).toEqual([["code", "200"]]);
    expect(parseLabelSet('http_requests_total{code="500",method="GET"}')).toEqual([
      ["code", "500"],
      ["method", "GET"],
    ]);
    expect(parseLabelSet('{path="/a\\"b"}')).toEqual([["path", '/a"b']]);
    expect(parseLabelSet("{}")).toEqual([]);
  });

  it("is undefined for text that is not a label set", () => {
    expect(parseLabelSet("Error ratio")).toBeUndefined();
    expect(parseLabelSet('{code="200"')).toBeUndefined();
    expect(parseLabelSet("{code=200}")).toBeUndefined();
  });
});

describe("nameSeries", () => {
  it("names series by their label values under a readable series name", () => {
    const named = nameSeries(
      [
        { label: '{code="200",job="api"}', points: pts(1) },
        { label: '{code="503",job="api"}', points: pts(2) },
      ],
      "Requests",
    );
    expect(named.series.map((s) => s.label)).toEqual(["200", "503"]);
    expect(named.legendTitle).toBe("Status code");
  });

  it("keeps plain names and names an empty label set after the chart", () => {
    expect(nameSeries([{ label: "{}", points: pts(1) }], "Latency p99").series[0]?.label).toBe("Latency p99");
    expect(nameSeries([{ label: "p99", points: pts(1) }], "x").legendTitle).toBeUndefined();
  });

  it("turns unknown label names into words", () => {
    expect(readableLabelName("db_shard")).toBe("Db shard");
    expect(readableLabelName("pod")).toBe("Pod");
  });
});

describe("summariseSeries", () => {
  it("keeps the five highest and folds the rest into one 'others' series", () => {
    const series: ChartSeries[] = Array.from({ length: 8 }, (_, i) => ({ label: `s${i}`, points: pts(i, i + 1) }));
    const out = summariseSeries(series, 5, "sum");
    expect(out.map((s) => s.label)).toEqual(["s7", "s6", "s5", "s4", "s3", "3 others (sum)"]);
    expect(out[5]?.others).toBe(true);
    expect(out[5]?.points).toEqual(pts(0 + 1 + 2, 1 + 2 + 3));
    expect(summariseSeries(series, 5, "max")[5]?.points).toEqual(pts(2, 3));
  });

  it("leaves six series alone: one 'others' line for one series says nothing", () => {
    const series: ChartSeries[] = Array.from({ length: 6 }, (_, i) => ({ label: `s${i}`, points: pts(i) }));
    expect(summariseSeries(series, 5, "sum")).toHaveLength(6);
  });

  it("property: every series is shown or counted, and a sum keeps the total", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        (rows) => {
          const series = rows.map((vs, i) => ({ label: `s${i}`, points: pts(...vs) }));
          const out = summariseSeries(series, 5, "sum");
          const others = out.find((s) => s.others);
          const counted = out.length - (others ? 1 : 0) + (others ? Number(others.label.split(" ")[0]) : 0);
          expect(counted).toBe(series.length);
          const total = (list: ChartSeries[]) => list.reduce((n, s) => n + s.points.reduce((m, [, v]) => m + v, 0), 0);
          expect(total(out)).toBe(total(series));
        },
      ),
    );
  });
});
