import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRulesTest } from "./backtest.js";
import { exprFromGeneratorUrl } from "./evidence-signals.js";
import { toOpenMetrics } from "./open-metrics.js";
import { splitComparison, withRange } from "./promql-text.js";
import { parseGoDuration, parseTestRulesFirings } from "./promtool.js";
import { commandsIn } from "./runbooks.js";
import { niceUp, promDuration, type SuggestedRule } from "./suggested-rule.js";
import { fitThreshold } from "./threshold-rules.js";

describe("PromQL text", () => {
  it("splits an alert expression at its top-level comparison, not inside matchers or calls", () => {
    expect(splitComparison('sum(rate(x{code=~"5..",a!="b"}[1m])) / sum(rate(x[1m])) > 0.05')).toEqual({
      lhs: 'sum(rate(x{code=~"5..",a!="b"}[1m])) / sum(rate(x[1m]))',
      op: ">",
      rhs: 0.05,
    });
    expect(splitComparison("up == 0")).toEqual({ lhs: "up", op: "==", rhs: 0 });
    expect(splitComparison('x{a=">"} >= bool 3')?.rhs).toBe(3);
    expect(splitComparison("rate(x[5m])")).toBeNull();
    expect(splitComparison("a > b")).toBeNull();
  });

  it("swaps range windows", () => {
    expect(withRange("sum(rate(a[1m])) / sum(rate(b[5m]))", "1h")).toBe("sum(rate(a[1h])) / sum(rate(b[1h]))");
  });

  it("reads the rule expression from a Prometheus graph link", () => {
    expect(exprFromGeneratorUrl("http://p:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1")).toBe("up == 0");
    expect(exprFromGeneratorUrl("not a url")).toBeNull();
    expect(exprFromGeneratorUrl("http://p:9090/graph")).toBeNull();
  });
});

describe("numbers and durations", () => {
  it("rounds thresholds up to two significant digits", () => {
    expect(niceUp(0.01095)).toBe(0.011);
    expect(niceUp(17.2)).toBe(18);
    expect(niceUp(16)).toBe(16);
    expect(niceUp(0)).toBe(0);
  });

  it("niceUp never rounds down and stays within 10 % (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (x) => {
        const n = niceUp(x);
        expect(n).toBeGreaterThanOrEqual(x * (1 - 1e-9));
        expect(n).toBeLessThanOrEqual(x * 1.1 + 1e-12);
      }),
    );
  });

  it("Prometheus durations round-trip through promtool's printing (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 86_400 }), (s) => {
        expect(parseGoDuration(promDuration(s))).toBe(s * 1000);
      }),
    );
    expect(parseGoDuration("1h2m3.5s")).toBe(3_723_500);
    expect(parseGoDuration("750ms")).toBe(750);
  });
});

describe("promtool test rules output", () => {
  it("lists the firings of each failed evaluation with their label sets", () => {
    const out = `Unit Testing:  test.yml
  FAILED:
    alertname: ErrHigh, time: 1m15s, 
        exp:[], 
        got:[
            0:
              Labels:{alertname="ErrHigh", pod="a"}
              Annotations:{}
            1:
              Labels:{alertname="ErrHigh", pod="b"}
              Annotations:{}
            ]
    alertname: Other, time: 2h, 
        exp:[], 
        got:[]
`;
    expect(parseTestRulesFirings(out)).toEqual([
      { alert: "ErrHigh", atMs: 75_000, labels: ['{alertname="ErrHigh", pod="a"}', '{alertname="ErrHigh", pod="b"}'] },
    ]);
    expect(parseTestRulesFirings("SUCCESS\n")).toEqual([]);
  });

  it("puts samples on the evaluation grid with _ for missing points", () => {
    const rule = { alert: "A", backtestExpr: "x > 1" } as SuggestedRule;
    const text = buildRulesTest(
      [rule],
      [
        {
          name: "x",
          labels: { pod: "p" },
          samples: [
            [0, 1],
            [30_000, 2],
          ],
        },
      ],
      {
        t0: 0,
        intervalMs: 15_000,
        points: 3,
      },
    );
    expect(text).toContain('series: x{pod="p"}');
    expect(text).toContain("values: 1 _ 2");
    expect(text).toContain("eval_time: 30s");
  });
});

describe("thresholds", () => {
  const facts = { impactStart: 100_000, impactEnd: 200_000, baselineEnd: 100_000 };
  const series = (f: (t: number) => number): Array<[number, number]> =>
    Array.from({ length: 20 }, (_, i) => [i * 10_000, f(i * 10_000)]);

  it("sits above the baseline and below the incident", () => {
    const fit = fitThreshold(
      series((t) => (t < 100_000 ? 0.002 + (t % 3) * 0.001 : 0.3)),
      facts,
    );
    expect(fit?.threshold).toBeGreaterThan(0.004);
    expect(fit?.threshold).toBeLessThan(0.3);
  });

  it("uses 80 % of a hard limit the signal hit", () => {
    const fit = fitThreshold(
      series((t) => (t < 100_000 ? 3 : 20)),
      facts,
    );
    expect(fit?.threshold).toBe(16);
    expect(fit?.basis).toContain("limit 20");
  });

  it("refuses a signal that does not separate incident from baseline, or has no baseline", () => {
    expect(
      fitThreshold(
        series(() => 5),
        facts,
      ),
    ).toBeNull();
    expect(
      fitThreshold(
        series((t) => t),
        { ...facts, baselineEnd: 0 },
      ),
    ).toBeNull();
    expect(
      fitThreshold(
        series((t) => t),
        { ...facts, impactStart: null },
      ),
    ).toBeNull();
  });
});

describe("OpenMetrics and runbook helpers", () => {
  it("writes gauges with second timestamps and # EOF", () => {
    const om = toOpenMetrics([{ name: "m", labels: { a: 'q"x' }, samples: [[1_500, 2]] }]);
    expect(om).toBe('# TYPE m gauge\nm{a="q\\"x"} 2 1.5\n# EOF\n');
  });

  it("finds commands quoted in chat", () => {
    expect(commandsIn("ran `kubectl -n shop rollout restart deploy/orders-api` then `ls`")).toEqual([
      "kubectl -n shop rollout restart deploy/orders-api",
    ]);
    expect(commandsIn("helm rollback orders 41, then waited")).toEqual(["helm rollback orders 41"]);
    expect(commandsIn("nothing here")).toEqual([]);
  });
});

describe("signals", () => {
  it("never puts a threshold on a raw counter's running total", async () => {
    const { signalsOf } = await import("./threshold-rules.js");
    const fam = (name: string | null, id: string) => ({
      file: `evidence/${id}.prom`,
      name,
      query: null,
      id,
      stepMs: 15_000,
      series: [{ labels: {}, samples: [[0, 1] as [number, number]] }],
    });
    const ids = signalsOf([
      fam("http_request_errors_total", "http_request_errors_total"),
      fam("db_pool_in_use", "db_pool_in_use"),
      fam(null, "metrics-error-ratio"),
    ]).map((s) => s.family.id);
    expect(ids).toEqual(["db_pool_in_use", "metrics-error-ratio"]);
  });
});
