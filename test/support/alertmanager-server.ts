import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitReady } from "./free-port.js";

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
  let output = "";
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, "am.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}/-/ready`, 20_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
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
