import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildTimeline } from "./build-timeline.js";

// Invented evidence: a zone-less firewall syslog beside a JSON log whose timestamps carry their zone.
const SYSLOG = ["Mar  4 15:00:01 fw-1 kernel: [UFW BLOCK] IN=eth0 SRC=192.0.2.7 DPT=22"].join("\n");
const JSONLOG = '{"ts":"2031-03-04T14:00:02Z","level":"error","msg":"upstream timed out"}\n';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function incident(yamlExtra: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "debrief-tz-"));
  dirs.push(dir);
  await mkdir(join(dir, "evidence"));
  await writeFile(
    join(dir, "debrief.yaml"),
    `formatVersion: 1\nid: 2031-03-04-fw\ntitle: "Firewall"\nwindow:\n  start: "2031-03-04T13:00:00Z"\n  end: "2031-03-04T16:00:00Z"\n${yamlExtra}`,
  );
  await writeFile(join(dir, "evidence", "fw-kern.log"), `${SYSLOG}\n`);
  await writeFile(join(dir, "evidence", "app.jsonl"), JSONLOG);
  return dir;
}

describe("buildTimeline zone marking", () => {
  it("keeps a zone-less source marked as assumed UTC when debrief.yaml states no timezone", async () => {
    const dir = await incident("");
    const t = await buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir, threads: 1 });
    const fw = t.sources?.find((s) => s.path.endsWith("fw-kern.log"));
    expect(fw?.timezoneAssumed).toBe(true);
    expect(fw?.timezoneOrigin).toBe("default");
  });

  it("takes a timezone the user wrote in debrief.yaml as configured, not assumed", async () => {
    const dir = await incident("timezone: Europe/Berlin\n");
    const t = await buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir, threads: 1 });
    const fw = t.sources?.find((s) => s.path.endsWith("fw-kern.log"));
    expect(fw?.timezoneAssumed).toBe(false);
    expect(fw?.timezone).toBe("Europe/Berlin");
    expect(fw?.timezoneOrigin).toBe("config");
  });

  it("applies --tz SOURCE=ZONE to the named source only", async () => {
    const dir = await incident("");
    const t = await buildTimeline([join(dir, "evidence")], {
      incidentDir: dir,
      cwd: dir,
      threads: 1,
      tz: { "evidence/fw-kern.log": "Europe/Berlin" },
    });
    const fw = t.sources?.find((s) => s.path.endsWith("fw-kern.log"));
    expect(fw?.timezoneOrigin).toBe("flag");
    expect(fw?.first).toBe("2031-03-04T14:00:01.000Z");
  });
});
