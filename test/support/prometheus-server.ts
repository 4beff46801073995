import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, startDaemon } from "./free-port.js";

const run = promisify(execFile);

/** Debian's Prometheus and promtool. */
export const PROMETHEUS_BIN = "/usr/bin/prometheus";
/** The backfill tool shipped with Prometheus. */
export const PROMTOOL_BIN = "/usr/bin/promtool";

/**
 * Whether tests that need a real Prometheus can run. Under CI a missing binary fails loudly: the pipeline installs
 * the `prometheus` package, so its absence means the pipeline is broken, not that the test may be skipped.
 */
export function prometheusAvailable(): boolean {
  const ok = existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);
  if (!ok && process.env.CI === "true") {
    throw new Error(
      `CI=true but ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} is missing: install the Debian package prometheus`,
    );
  }
  return ok;
}

/** A running Prometheus over backfilled history. */
export interface PrometheusServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Backfill `openMetrics` (OpenMetrics text ending in `# EOF`, timestamps in seconds) into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`, then start Prometheus on 127.0.0.1 over them with a 100-year
 * retention and no scrape targets.
 */
export async function startPrometheus(
  openMetrics: string,
  options: { retention?: string } = {},
): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), "debrief-prom-"));
  const dataDir = join(dir, "data");
  await writeFile(join(dir, "metrics.om"), openMetrics);
  await writeFile(join(dir, "prom.yml"), "global: {}\nscrape_configs: []\n");
  try {
    await run(PROMTOOL_BIN, ["tsdb", "create-blocks-from", "openmetrics", join(dir, "metrics.om"), dataDir], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    await rm(dir, { recursive: true, force: true });
    throw new Error(`promtool backfill failed: ${e.stderr ?? e.message}`);
  }
  const port = await freePort();
  const { url, stop } = await startDaemon(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, "prom.yml")}`,
      `--storage.tsdb.path=${dataDir}`,
      `--storage.tsdb.retention.time=${options.retention ?? "100y"}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    port,
    dir,
  );
  return { url, dataDir, stop };
}

/** One series of a synthetic incident: labels and a value per timestamp (seconds). */
export interface SyntheticSeries {
  family: string;
  type: "counter" | "gauge";
  name: string;
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** Render series as OpenMetrics text (families grouped, series contiguous, timestamps ascending, `# EOF`). */
export function toOpenMetrics(series: SyntheticSeries[]): string {
  const families = new Map<string, SyntheticSeries[]>();
  for (const s of series) families.set(s.family, [...(families.get(s.family) ?? []), s]);
  const out: string[] = [];
  for (const [family, list] of families) {
    out.push(`# TYPE ${family} ${list[0]?.type ?? "gauge"}`);
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
        .join(",");
      for (const [t, v] of s.samples) out.push(`${s.name}{${labels}} ${v} ${t}`);
    }
  }
  out.push("# EOF");
  return `${out.join("\n")}\n`;
}
