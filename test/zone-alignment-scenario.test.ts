import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planDraft } from "../src/postmortem/draft/draft-incident.js";
import { buildTimeline, renderTimelineMarkdown } from "../src/timeline/index.js";
import { mulberry32 } from "./scenarios/prng.js";

/*
 * An incident whose firewall log is written in the host's local time (CEST, UTC+02:00) with no zone at all: three
 * waves of a SYN flood, each seen by the edge (nginx, with its +0000 offset) as 503s and by the firewall as a burst of
 * DROP lines two hours "late". The timeline must say so (timezone-mismatch, with the offset and the evidence), and
 * move the firewall's rows to the right UTC time because the alignment is unambiguous. A firewall log with too
 * little activity to line up stays read as UTC, and every row of it is marked "(assumed UTC)".
 */
const root = mkdtempSync(join(tmpdir(), "debrief-zone-scenario-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const START = Date.UTC(2025, 5, 2, 14, 0, 0);
const WAVES: Array<[number, number]> = [
  [20, 31],
  [65, 71],
  [130, 146],
];
const inWave = (minute: number) => WAVES.some(([a, b]) => minute >= a && minute < b);
const pad = (n: number) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** `2025-06-02 16:20:01`: the wall clock of a host `hours` east of UTC (CEST: 2), with no zone written. */
function localTime(ms: number, hours: number): string {
  const d = new Date(ms + hours * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function incident(
  name: string,
  firewallRate: { calm: number; wave: number; errors?: number },
  firewallUtcOffsetHours = 2,
): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "evidence"), { recursive: true });
  writeFileSync(
    join(dir, "debrief.yaml"),
    'formatVersion: 1\nid: 2025-06-02-syn-flood\ntitle: "Checkout unreachable"\nservices:\n  - checkout\n',
  );
  const rand = mulberry32(42);
  const access: string[] = [];
  const firewall: string[] = [];
  for (let s = 0; s < 180 * 60; s += 2) {
    const t = START + s * 1000;
    const status = inWave(Math.floor(s / 60)) && rand() < 0.8 ? 503 : 200;
    access.push(
      `198.51.100.${1 + Math.floor(rand() * 200)} - - [${nginxTime(t)}] "GET /api/checkout HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`,
    );
  }
  for (let s = 0; s < 180 * 60; s++) {
    const rate = inWave(Math.floor(s / 60)) ? firewallRate.wave : firewallRate.calm;
    if (rand() >= rate) continue;
    const t = START + s * 1000;
    // in a wave the connection table fills up too: the lines that make the firewall's rows
    firewall.push(
      inWave(Math.floor(s / 60)) && rand() < (firewallRate.errors ?? 0.2)
        ? `${localTime(t, firewallUtcOffsetHours)} fw-1 conntrackd[812]: ERROR nf_conntrack: table full, dropping packet`
        : `${localTime(t, firewallUtcOffsetHours)} fw-1 kernel: DROP IN=eth0 SRC=203.0.113.${1 + Math.floor(rand() * 250)} DST=10.0.0.5 PROTO=TCP DPT=443`,
    );
  }
  writeFileSync(join(dir, "evidence", "access.log"), `${access.join("\n")}\n`);
  writeFileSync(join(dir, "evidence", "firewall.log"), `${firewall.join("\n")}\n`);
  return dir;
}

describe("a firewall log in local time with no zone at all", () => {
  it("is reported as timezone-mismatch with the offset and evidence, and its rows are corrected", async () => {
    const dir = incident("waves", { calm: 0.01, wave: 0.5 });
    const t = await buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir, detail: true });
    const zone = t.findings.filter((f) => f.kind === "timezone-mismatch");
    expect(zone).toHaveLength(1);
    expect(zone[0]).toMatchObject({ source: "evidence/firewall.log", offsetSeconds: 7200 });
    expect(zone[0]?.summary).toContain("local time UTC+02:00");
    expect(zone[0]?.summary).toMatch(
      /r = 0\.\d\d over \d+ min, against -?\d\.\d\d unshifted; runner-up .* margin 0\.\d\d/,
    );
    expect(zone[0]?.summary).toContain("3 of its 3 burst(s) fall on raised activity");
    expect(zone[0]?.summary).toContain("corrected: the alignment is unambiguous");
    const paths = (zone[0]?.evidence ?? []).map((e) => e.path);
    expect(paths).toEqual(["evidence/firewall.log", "evidence/access.log"]);
    // no clock-skew finding blames the firewall or the edge for the zone
    expect(t.findings.filter((f) => f.kind === "clock-skew")).toEqual([]);
    const fw = t.sources.find((s) => s.path === "evidence/firewall.log");
    expect(fw).toMatchObject({ timezone: "+02:00", timezoneAssumed: false, timezoneOrigin: "inferred" });
    // the firewall's rows sit inside the waves in UTC, not two hours later, and carry no "(assumed UTC)" mark
    const rows = t.entries.filter((e) => e.evidence[0]?.path === "evidence/firewall.log");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const minute = (Date.parse(r.time) - START) / 60_000;
      expect(WAVES.some(([a, b]) => minute >= a - 2 && minute < b + 2)).toBe(true);
      expect(r.assumedUtc).toBeUndefined();
    }
    expect(renderTimelineMarkdown(t)).not.toContain("(assumed UTC)");
  });

  it("with too little activity to line up, stays read as UTC and every row of it says (assumed UTC)", async () => {
    // a dozen lines, on UTC as it happens: nothing can tell, so nothing is claimed, and the rows say so
    const dir = incident("sparse", { calm: 0, wave: 0.004, errors: 1 }, 0);
    const t = await buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir, detail: true });
    expect(t.findings.filter((f) => f.kind === "timezone-mismatch")).toEqual([]);
    expect(t.analysis.zones?.[0]).toMatchObject({ status: "assumed" });
    expect(t.analysis.zones?.[0]?.detail).toBe("too little activity to line up with the zoned sources");
    const fw = t.sources.find((s) => s.path === "evidence/firewall.log");
    expect(fw).toMatchObject({ timezone: "UTC", timezoneAssumed: true, timezoneOrigin: "default" });
    const rows = t.entries.filter((e) => e.evidence[0]?.path === "evidence/firewall.log");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.assumedUtc).toBe(true);
    expect(t.entries.filter((e) => e.evidence[0]?.path === "evidence/access.log").every((e) => !e.assumedUtc)).toBe(
      true,
    );
    const markdown = renderTimelineMarkdown(t);
    // timeline table rows whose Source cell is the firewall (the milestone table cites evidence in its 4th column)
    const fwLines = markdown
      .split("\n")
      .filter((l) => /^\| [^|]+ \| (?:[^|\\]|\\.)+ \| evidence\/firewall\.log:\d+ \|/.test(l));
    expect(fwLines.length).toBe(rows.length);
    for (const l of fwLines) expect(l).toMatch(/^\| [\d: -]+ \(assumed UTC\) \|/);
    // the draft's Timeline says it too, row by row
    const timeline = planDraft(t).blocks.find((b) => b.name === "timeline")?.content ?? "";
    const draftRows = timeline.split("\n").filter((l) => l.includes("`evidence/firewall.log:"));
    expect(draftRows.length).toBe(rows.length);
    for (const l of draftRows) expect(l).toMatch(/^\| \d{4}-\d\d-\d\d [\d:]+ \(assumed UTC\) \|/);
    expect(timeline).toContain("Times marked (assumed UTC) come from sources whose timestamps carry no zone");
    const edgeRows = timeline.split("\n").filter((l) => l.includes("`evidence/access.log:"));
    for (const l of edgeRows) expect(l).not.toContain("(assumed UTC)");
  });
});
