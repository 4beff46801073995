import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/**
 * What a Prometheus scraping the scenario's service would have recorded, derived from its nginx access log: the
 * 5xx ratio of user requests (health checks excluded) over a 1-minute window, evaluated every 15 s, written as
 * Debrief's collector writes a `query_range` answer (with the query). Gives generated incidents "a metric for the
 * failing class" so alert suggestions and backtests can be tested on them.
 */
export function writeScenarioMetrics(dir: string, accessLog = "nginx/access.log"): string {
  const perSecond = new Map<number, [number, number]>();
  for (const line of readFileSync(join(dir, accessLog), "utf8").split("\n")) {
    const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\] "GET (\S+)[^"]*" (\d{3})/.exec(line);
    if (!m || m[7] === "/healthz") continue;
    const t = Date.UTC(
      Number(m[3]),
      MONTHS[m[2] as string] ?? 0,
      Number(m[1]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
    );
    const s = t / 1000;
    const c = perSecond.get(s) ?? [0, 0];
    c[0]++;
    if ((m[8] as string).startsWith("5")) c[1]++;
    perSecond.set(s, c);
  }
  const secs = [...perSecond.keys()].sort((a, b) => a - b);
  const first = Math.ceil((secs[0] as number) / 15) * 15 + 60;
  const last = secs[secs.length - 1] as number;
  const values: Array<[number, string]> = [];
  for (let t = first; t <= last; t += 15) {
    let total = 0;
    let bad = 0;
    for (let s = t - 59; s <= t; s++) {
      const c = perSecond.get(s);
      if (c) {
        total += c[0];
        bad += c[1];
      }
    }
    if (total > 0) values.push([t, String(bad / total)]);
  }
  const query =
    'sum by (service) (rate(http_requests_total{service="api",code=~"5.."}[1m])) / sum by (service) (rate(http_requests_total{service="api"}[1m]))';
  const file = "prometheus/error-ratio.json";
  mkdirSync(join(dir, "prometheus"), { recursive: true });
  writeFileSync(
    join(dir, file),
    `${JSON.stringify({ status: "success", query, step: 15, data: { resultType: "matrix", result: [{ metric: { service: "api" }, values }] } })}\n`,
  );
  return file;
}
