import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/support/run-cli.js";
import { Event } from "../../model/event.js";
import { EvidenceSource } from "../../model/evidence-source.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "evidence", "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "debrief-evidence-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  return runCli(["evidence", ...args], { cwd: FIXTURES });
}

describe("debrief evidence", () => {
  it("--json prints the sources contract", async () => {
    const r = await run("prometheus-query-range.json", "pagerduty-log-entries.json", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { sources: unknown[] };
    const sources = out.sources.map((s) => EvidenceSource.parse(s));
    expect(sources.map((s) => [s.path, s.format, s.events])).toEqual([
      ["prometheus-query-range.json", "prometheus-json", 6],
      ["pagerduty-log-entries.json", "pagerduty-json", 4],
    ]);
    for (const key of [
      "path",
      "format",
      "sha256",
      "bytes",
      "lines",
      "events",
      "skipped",
      "first",
      "last",
      "timezone",
      "timezoneAssumed",
      "gaps",
    ]) {
      expect(Object.keys(out.sources[0] as object)).toContain(key);
    }
    expect(r.stderr).toBe("");
  });

  it("--events prints NDJSON events in file order", async () => {
    const r = await run("pagerduty-log-entries.json", "--events");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    const events = lines.map((l) => Event.parse(JSON.parse(l)));
    expect(events[0]).toMatchObject({
      time: "2025-02-09T10:06:50.000Z",
      path: "pagerduty-log-entries.json",
      line: 3,
      kind: "page",
    });
    expect(Object.keys(JSON.parse(lines[0] as string))).toEqual([
      "time",
      "path",
      "line",
      "kind",
      "severity",
      "service",
      "host",
      "actor",
      "message",
      "attributes",
    ]);
  });

  it("prints a readable table by default and exits 1 when a file has problems", async () => {
    const r = await run("git-log.txt", "bad/truncated-pagerduty.json");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PATH\s+FORMAT\s+EVENTS\s+SKIPPED\s+FIRST\s+LAST\s+TZ/);
    expect(r.stdout).toMatch(/git-log\.txt\s+git-log\s+2\s+3\s+2025-02-09 09:40:12Z\s+2025-02-09 09:58:00Z\s+\+01:00/);
    expect(r.stdout).toMatch(/warning: truncated JSON/);
    expect(r.stdout).toMatch(/2 sources, 3 events/);
  });

  it("a missing path exits 2 with the path named", async () => {
    const r = await run("nope.log");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("debrief: nope.log: no such file or directory\n");
    expect(r.stdout).toBe("");
  });

  it("an unknown --format exits 2 listing the valid ids", async () => {
    const r = await run("git-log.txt", "--format", "bogus");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --format "bogus"; valid formats: /);
    for (const id of ["git-log", "prometheus-json", "slack-export", "runbook"]) expect(r.stderr).toContain(id);
  });

  it("a bad --tz zone or shape exits 2", async () => {
    expect((await run("git-log.txt", "--tz", "git-log.txt=Mars/Base")).code).toBe(2);
    const r = await run("git-log.txt", "--tz", "Europe/Berlin");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tz expects FILE=ZONE/);
  });

  it("a bad --window exits 2", async () => {
    const r = await run("git-log.txt", "--window", "2025-02-09T10:00:00/2025-02-09T11:00:00Z");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--window START expects an ISO-8601 time with a zone/);
    expect((await run("git-log.txt", "--window", "2025-02-09T12:00:00Z/2025-02-09T11:00:00Z")).code).toBe(2);
  });

  it("--json and --events together is a usage error", async () => {
    expect((await run("git-log.txt", "--json", "--events")).code).toBe(2);
  });

  it("--incident reads debrief.yaml and defaults to DIR/evidence", async () => {
    const dir = join(tmp, "inc");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "evidence"), { recursive: true });
    writeFileSync(join(dir, "debrief.yaml"), "title: t\ntimezone: Europe/Berlin\n");
    writeFileSync(
      join(dir, "evidence", "g.txt"),
      "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T11:58:00\tA\tnaive\n",
    );
    const r = await run("--incident", dir, "--json");
    expect(r.code).toBe(0);
    const src = (JSON.parse(r.stdout) as { sources: EvidenceSource[] }).sources[0];
    expect(src).toMatchObject({
      path: "evidence/g.txt",
      first: "2025-02-09T10:58:00.000Z",
      timezone: "Europe/Berlin",
      timezoneOrigin: "config",
    });
    const missing = await run("--incident", join(tmp, "none"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no debrief\.yaml in this folder/);
  });

  it("--help documents the git log format and has examples", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s'");
    expect(r.stdout).toMatch(/Examples:\n {2}\$ debrief evidence/);
    expect(r.stdout).toContain("prometheus-json");
  });
});
