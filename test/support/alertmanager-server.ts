import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startDaemon } from "./free-port.js";

/** Debian's Alertmanager binary. */
export const ALERTMANAGER_BIN = "/usr/bin/prometheus-alertmanager";

/** Whether a real Alertmanager can run; under CI a missing binary throws instead of skipping. */
export function alertmanagerAvailable(): boolean {
  const ok = existsSync(ALERTMANAGER_BIN);
  if (!ok && process.env.CI === "true") {
    throw new Error(`CI=true but ${ALERTMANAGER_BIN} is missing: install the Debian package prometheus-alertmanager`);
  }
  return ok;
}

/** A running Alertmanager with helpers to post alerts and silences through its v2 API. */
export interface AlertmanagerServer {
  url: string;
  postAlerts(alerts: unknown[]): Promise<void>;
  /** Returns the silence id. */
  postSilence(silence: unknown): Promise<string>;
  stop(): Promise<void>;
}

/** Start Alertmanager on 127.0.0.1 with gossip off (`--cluster.listen-address=`) and a null receiver. */
export async function startAlertmanager(): Promise<AlertmanagerServer> {
  const dir = await mkdtemp(join(tmpdir(), "debrief-am-"));
  await writeFile(join(dir, "am.yml"), 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
  const port = await freePort();
  const { url, stop } = await startDaemon(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, "am.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    port,
    dir,
  );
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status}: ${text}`);
    return text;
  };
  return {
    url,
    async postAlerts(alerts) {
      await post("/api/v2/alerts", alerts);
    },
    async postSilence(silence) {
      return (JSON.parse(await post("/api/v2/silences", silence)) as { silenceID: string }).silenceID;
    },
    stop,
  };
}
