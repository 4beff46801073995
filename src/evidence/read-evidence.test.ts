import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { isDebriefError } from "../model/debrief-error.js";
import type { RawEvent } from "../model/event.js";
import { EvidenceSource } from "../model/evidence-source.js";
import type { LineFormat } from "./evidence-format.js";
import { createPipelineContext } from "./format-context.js";
import { DOCUMENT_FORMATS, defaultFormatRegistry } from "./formats/index.js";
import { loadIncidentConfig } from "./incident-config.js";
import {
  EVENT_BATCH_SIZE,
  FEED_BYTES,
  inventoryEvidence,
  type ReadEvidenceOptions,
  readEvidence,
  streamEvidence,
} from "./read-evidence.js";
import { SourceAccount } from "./source-account.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const BAD = join(FIXTURES, "bad");
const tmp = mkdtempSync(join(tmpdir(), "debrief-evidence-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function one(path: string, options: ReadEvidenceOptions = {}) {
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([path], { ...options, onEvent: (e) => events.push(e) });
  const source = EvidenceSource.parse(sources[0]);
  return { source, events };
}

const GOOD_TIMES = ["2025-02-09T09:58:00.000Z", "2025-02-09T09:40:12.000Z"];

describe("bad inputs never crash and are accounted for", () => {
  it("UTF-16 LE with BOM and CRLF", async () => {
    const { source, events } = await one(join(BAD, "utf16le-bom.txt"));
    expect(source).toMatchObject({ format: "git-log", encoding: "utf-16le", lines: 2, events: 2 });
    expect(events.map((e) => e.actor)).toEqual(["Jörg Müller", "Renée Ça"]);
    expect(events.map((e) => new Date(e.ts).toISOString())).toEqual(GOOD_TIMES);
  });

  it("UTF-16 BE with BOM", async () => {
    const { source, events } = await one(join(BAD, "utf16be-bom.txt"));
    expect(source).toMatchObject({ encoding: "utf-16be", events: 2 });
    expect(events[0]?.message).toBe("Fix Straße handling");
  });

  it("UTF-8 with BOM", async () => {
    const { source, events } = await one(join(BAD, "utf8-bom.txt"));
    expect(source).toMatchObject({ encoding: "utf-8-bom", events: 2, skipped: { total: 0 } });
    expect(events[0]?.line).toBe(1);
  });

  it("latin-1 decoded as windows-1252 and recorded", async () => {
    const { source, events } = await one(join(BAD, "latin1.txt"));
    expect(source).toMatchObject({ encoding: "windows-1252", events: 2 });
    expect(events[1]?.actor).toBe("Renée Ça");
    // never in silence: the first byte that is not UTF-8 is named ("J\xf6rg" on line 1)
    expect(source.warnings).toContain(
      "not valid UTF-8: first bad byte at offset 68 (line 1, byte 69); the file was read as windows-1252",
    );
  });

  it("CRLF line endings", async () => {
    const { source, events } = await one(join(BAD, "crlf.txt"));
    expect(source).toMatchObject({ lines: 2, events: 2, skipped: { total: 0 } });
    expect(events[0]?.message).toBe("Fix Straße handling");
  });

  it("binary garbage: unknown format, NUL lines counted as binary", async () => {
    const { source } = await one(join(BAD, "binary-garbage.bin"));
    expect(source.format).toBe("unknown");
    expect(source.events).toBe(0);
    expect(source.skipped.total).toBe(source.lines);
    expect(source.skipped.byReason.binary).toBeGreaterThan(0);
    expect(source.warnings?.[0]).toMatch(/format not recognised/);
  });

  it("a NUL line inside a good log is skipped as binary", async () => {
    const { source } = await one(join(BAD, "git-log-with-nul.txt"));
    expect(source).toMatchObject({ format: "git-log", lines: 3, events: 2 });
    expect(source.skipped.byReason).toEqual({ binary: 1 });
    expect(source.skipped.examples[0]).toMatchObject({ line: 2, reason: "binary" });
  });

  it("truncated JSON keeps the complete items and warns", async () => {
    const { source, events } = await one(join(BAD, "truncated-pagerduty.json"));
    expect(source.format).toBe("pagerduty-json");
    expect(events.map((e) => e.attributes.type)).toEqual(["trigger_log_entry"]);
    expect(source.skipped.byReason).toEqual({ "truncated-json": 1, "incomplete-item": 1 });
    expect(source.warnings?.[0]).toMatch(/^truncated JSON: .* at line 58, column 5; kept the items read before it$/);
    const prom = await one(join(BAD, "truncated-prometheus.json"));
    expect(prom.events.map((e) => e.attributes.value)).toEqual([1, 2, 3]);
  });

  it("invalid JSON names the line and column", async () => {
    const { source, events } = await one(join(BAD, "invalid-alerts.json"));
    expect(events).toHaveLength(1);
    expect(source.warnings?.[0]).toBe(
      "invalid JSON at line 1, column 91: expected a quoted property name; kept the items read before it",
    );
  });

  it("truncated .gz keeps the lines decompressed before the cut", async () => {
    const { source } = await one(join(BAD, "truncated.txt.gz"));
    const complete = await one(join(BAD, "complete.txt.gz"));
    expect(complete.source).toMatchObject({ format: "git-log", lines: 200, events: 200, encoding: "gzip+utf-8" });
    expect(complete.source.warnings).toBeUndefined();
    expect(source.format).toBe("git-log");
    expect(source.warnings).toContain(
      "truncated gzip: the compressed stream ends early; kept the lines decompressed before the cut",
    );
    expect(source.events).toBeGreaterThan(100);
    expect(source.events).toBeLessThan(200);
    // the cut line is counted, never silently dropped
    expect(source.events + source.skipped.total).toBe(source.lines);
    // the checksum is of the original compressed bytes
    expect(source.bytes).toBe(readFileSync(join(BAD, "truncated.txt.gz")).length);
  });

  it("a 5 MB line is read, a line over the cap is skipped without holding it", async () => {
    const file = join(tmp, "huge-line.txt");
    const ok = "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T10:58:00Z\tA\tfirst\n";
    const big = `0011223344556677889900112233445566778899\t2025-02-09T10:59:00Z\tB\t${"x".repeat(5 * 1024 * 1024)}\n`;
    writeFileSync(file, ok + big + ok.replace("first", "last"));
    const read = await one(file);
    expect(read.source).toMatchObject({ lines: 3, events: 3 });
    expect(read.events[1]?.message.length).toBe(5 * 1024 * 1024);
    const capped = await one(file, { maxLineBytes: 1024 * 1024 });
    expect(capped.source).toMatchObject({ lines: 3, events: 2 });
    expect(capped.source.skipped.byReason).toEqual({ "line-too-long": 1 });
    expect(capped.source.skipped.examples[0]?.line).toBe(2);
    expect(capped.events.map((e) => e.line)).toEqual([1, 3]);
  });

  it("refuses a document over the size limit with a warning", async () => {
    const { source } = await one(join(FIXTURES, "pagerduty-log-entries.json"), { maxDocumentBytes: 1000 });
    expect(source.events).toBe(0);
    expect(source.skipped.byReason).toEqual({ "document-too-large": 1 });
    expect(source.warnings?.[0]).toMatch(/larger than the 0 MiB limit/);
    expect(source.sha256).toBe((await one(join(FIXTURES, "pagerduty-log-entries.json"))).source.sha256);
  });

  it("an empty file is a source with nothing in it", async () => {
    const file = join(tmp, "empty.log");
    writeFileSync(file, "");
    const { source } = await one(file);
    expect(source).toMatchObject({ bytes: 0, lines: 0, events: 0, format: "unknown", first: null });
    expect(source.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(source.warnings).toEqual(["empty file: nothing to read"]);
  });

  it("document parsers never throw on mangled documents", async () => {
    const samples = [
      "prometheus-query-range.json",
      "alertmanager-v2-alerts.json",
      "pagerduty-log-entries.json",
      "kubectl-events.json",
      "github-deployments.json",
      "opsgenie-alert-logs.json",
      "prometheus-alerts.json",
      "pagerduty-incidents.json",
    ].map((f) => readFileSync(join(FIXTURES, f), "utf8"));
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.string({ maxLength: 4 }), (text, a, b, junk) => {
        const i = a % (text.length + 1);
        const j = Math.min(text.length, i + (b % 40));
        const mangled = text.slice(0, i) + junk + text.slice(j);
        for (const format of DOCUMENT_FORMATS) {
          if (format.shape !== "document") continue;
          const account = new SourceAccount();
          const ctx = createPipelineContext({
            path: "x.json",
            zone: "UTC",
            zoneOrigin: "default",
            window: undefined,
            fileMtime: 0,
            account,
            onEvent: undefined,
          });
          format.parse(mangled, ctx);
          expect(account.events).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("time zones and years", () => {
  it("--tz by basename, path and glob; recorded as flag and not assumed", async () => {
    const file = join(tmp, "local.txt");
    writeFileSync(file, "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T11:58:00\tA\tnaive local time\n");
    for (const key of ["local.txt", file, "*.txt", "**/local.*"]) {
      const { source, events } = await one(file, { tz: { [key]: "Europe/Berlin" } });
      expect(new Date(events[0]?.ts ?? 0).toISOString()).toBe("2025-02-09T10:58:00.000Z");
      expect(source).toMatchObject({ timezone: "Europe/Berlin", timezoneOrigin: "flag", timezoneAssumed: false });
    }
    const { source } = await one(file);
    expect(source).toMatchObject({ timezone: "UTC", timezoneOrigin: "default", timezoneAssumed: true });
  });

  it("reads debrief.yaml from the incident folder: timezones, timezone and window", async () => {
    const dir = join(tmp, "incident");
    await mkdir(join(dir, "evidence"), { recursive: true });
    writeFileSync(
      join(dir, "debrief.yaml"),
      "title: test\nwindow:\n  start: 2024-12-31T23:00:00Z\n  end: 2025-01-01T01:00:00Z\ntimezone: America/New_York\ntimezones:\n  evidence/berlin.txt: Europe/Berlin\n",
    );
    writeFileSync(
      join(dir, "evidence", "berlin.txt"),
      "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-01-01T00:30:00\tA\tx\n",
    );
    writeFileSync(
      join(dir, "evidence", "ny.txt"),
      "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2024-12-31T18:30:00\tA\ty\n",
    );
    const events: RawEvent[] = [];
    const { sources, plan } = await readEvidence([join(dir, "evidence")], { onEvent: (e) => events.push(e) });
    expect(plan.window).toEqual({ start: Date.UTC(2024, 11, 31, 23), end: Date.UTC(2025, 0, 1, 1) });
    expect(sources.map((s) => [s.path, s.timezone, s.timezoneOrigin, s.timezoneAssumed])).toEqual([
      ["evidence/berlin.txt", "Europe/Berlin", "config", false],
      ["evidence/ny.txt", "America/New_York", "config", false],
    ]);
    expect(events.map((e) => [e.path, new Date(e.ts).toISOString()])).toEqual([
      ["evidence/berlin.txt", "2024-12-31T23:30:00.000Z"],
      ["evidence/ny.txt", "2024-12-31T23:30:00.000Z"],
    ]);
  });

  it("an invalid debrief.yaml is a CONFIG_INVALID error naming file and line", async () => {
    const dir = join(tmp, "bad-config");
    await mkdir(dir, { recursive: true });
    writeFileSync(join(dir, "debrief.yaml"), "title: x\ntimezone: Mars/Base\n");
    const err = await loadIncidentConfig(dir).catch((e: unknown) => e);
    expect(isDebriefError(err) && err.code).toBe("CONFIG_INVALID");
    expect(String(err)).toBe(`${join(dir, "debrief.yaml")}:2:11: timezone: unknown time zone "Mars/Base"`);
    writeFileSync(join(dir, "debrief.yaml"), "title: x\nservices: nope\n");
    const err2 = await loadIncidentConfig(dir).catch((e: unknown) => e);
    expect(String(err2)).toMatch(/debrief\.yaml:2:11: services: /);
    writeFileSync(join(dir, "debrief.yaml"), "title: [unclosed\n");
    const err3 = await loadIncidentConfig(dir).catch((e: unknown) => e);
    expect(String(err3)).toMatch(/debrief\.yaml:\d+:\d+: invalid YAML/);
    writeFileSync(join(dir, "debrief.yaml"), "title: *t\nservices: &t [a]\n");
    const err4 = await loadIncidentConfig(dir).catch((e: unknown) => e);
    expect(isDebriefError(err4) && err4.code).toBe("CONFIG_INVALID");
    expect(String(err4)).toMatch(/debrief\.yaml: invalid YAML: Unresolved alias/);
    expect(await loadIncidentConfig(join(tmp, "nowhere"))).toBeUndefined();
  });

  it("year-less lines without a window use the file's mtime year and say so", async () => {
    const id = "yearless-test";
    const yearless: LineFormat = {
      id,
      description: "test: MM-DD HH:MM:SS message",
      kind: "log",
      shape: "lines",
      samples: [],
      detect: () => 0,
      createParser: (ctx) => ({
        push(line, no) {
          const m = /^(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) (.*)$/.exec(line);
          if (!m) return ctx.skip(no, "no-timestamp", line);
          const month = Number(m[1]);
          const day = Number(m[2]);
          const ts = ctx.localToEpoch({
            year: ctx.inferYear(month, day),
            month,
            day,
            hour: Number(m[3]),
            minute: Number(m[4]),
            second: Number(m[5]),
            millisecond: 0,
          });
          ctx.emit({
            ts,
            path: ctx.path,
            line: no,
            kind: "log",
            severity: null,
            service: null,
            host: null,
            actor: null,
            message: m[6] ?? "",
            attributes: {},
          });
        },
        end() {},
      }),
    };
    const formats = defaultFormatRegistry().with(yearless);
    const file = join(tmp, "yearless.log");
    writeFileSync(file, "12-31 23:59:58 before\n01-01 00:00:01 after\n");
    utimesSync(file, new Date("2025-01-01T00:05:00Z"), new Date("2025-01-01T00:05:00Z"));
    const { source, events } = await one(file, { format: id, formats });
    expect(events.map((e) => new Date(e.ts).toISOString())).toEqual([
      "2024-12-31T23:59:58.000Z",
      "2025-01-01T00:00:01.000Z",
    ]);
    expect(source.warnings?.[0]).toMatch(/used 2024 from the file's modification time/);
    const windowed = await one(file, {
      format: id,
      formats,
      window: { start: Date.UTC(2030, 11, 31), end: Date.UTC(2031, 0, 1, 12) },
    });
    expect(windowed.events.map((e) => new Date(e.ts).toISOString())).toEqual([
      "2030-12-31T23:59:58.000Z",
      "2031-01-01T00:00:01.000Z",
    ]);
    expect(windowed.source.warnings).toBeUndefined();
  });
});

describe("paths, errors and streaming", () => {
  it("a missing path is INPUT_NOT_FOUND naming the path", async () => {
    const err = await inventoryEvidence(["does/not/exist.log"], { cwd: tmp }).catch((e: unknown) => e);
    expect(isDebriefError(err) && err.code).toBe("INPUT_NOT_FOUND");
    expect(String(err)).toBe("does/not/exist.log: no such file or directory");
  });

  it("an unknown --format lists the valid ids", async () => {
    const err = await inventoryEvidence([FIXTURES], { format: "nope" }).catch((e: unknown) => e);
    expect(isDebriefError(err) && err.code).toBe("USAGE");
    expect(String(err)).toMatch(/unknown format "nope"; valid formats: .*prometheus-json/);
  });

  it("a bad zone in tz is a usage error", async () => {
    const err = await inventoryEvidence([FIXTURES], { tz: { "*.log": "Nowhere/Land" } }).catch((e: unknown) => e);
    expect(isDebriefError(err) && err.code).toBe("USAGE");
  });

  it("streams each source's events in batches, with the same result as readEvidence", async () => {
    const dir = join(tmp, "stream");
    await mkdir(dir, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `${i.toString(16).padStart(40, "0")}\t${new Date(Date.UTC(2025, 1, 9, 10) + i * 1000).toISOString()}\tA\tcommit ${i}`,
      );
    }
    writeFileSync(join(dir, "a.txt"), `${lines.join("\n")}\n`);
    writeFileSync(join(dir, "b.txt.gz"), gzipSync(`${lines.slice(0, 100).join("\n")}\n`));
    const streams = await streamEvidence([dir]);
    expect(streams.map((s) => s.path)).toEqual([join(dir, "a.txt"), join(dir, "b.txt.gz")]);
    // consume both at once, as a merge would
    const counts = await Promise.all(
      streams.map(async (s) => {
        let n = 0;
        let lastLine = 0;
        for await (const batch of s.events) {
          expect(batch.length).toBeLessThanOrEqual(2048);
          for (const e of batch) {
            expect(e.line).toBe(lastLine + 1);
            lastLine = e.line;
            n++;
          }
        }
        return n;
      }),
    );
    expect(counts).toEqual([5000, 100]);
    const sources = await Promise.all(streams.map((s) => s.source));
    expect(sources.map((s) => s.events)).toEqual([5000, 100]);
    expect(sources[0]?.gaps).toEqual([]);
    const inv = await inventoryEvidence([dir]);
    expect(inv).toEqual(sources);
  });

  it("every line of a line format is an event or a counted skip", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constant("a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T10:58:00Z\tA\tok"),
            fc.string(),
            fc.constant(""),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        async (lines) => {
          const file = join(tmp, "prop.txt");
          writeFileSync(file, lines.join("\n"));
          const { source } = await one(file, { format: "git-log" });
          expect(source.events + source.skipped.total).toBe(source.lines);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("streamEvidence back-pressure", () => {
  it("pauses a reader whose consumer stops taking batches, whatever the file size", async () => {
    const dir = join(tmp, "pressure");
    await mkdir(dir, { recursive: true });
    const line = (i: number) =>
      `${i.toString(16).padStart(40, "0")}\t${new Date(Date.UTC(2025, 1, 9, 10) + i * 10).toISOString()}\tA\tcommit ${i}`;
    const total = 60_000; // about 5 MiB: many read-ahead chunks and feed pieces
    writeFileSync(join(dir, "big.txt"), `${Array.from({ length: total }, (_, i) => line(i)).join("\n")}\n`);
    const [stream] = await streamEvidence([join(dir, "big.txt")]);
    if (!stream) throw new Error("no stream");
    const it = stream.events[Symbol.asyncIterator]();
    let taken = ((await it.next()).value as unknown[]).length;
    // let the reader run ahead as far as it will
    let before = -1;
    while (stream.buffered !== before) {
      before = stream.buffered;
      await new Promise((r) => setTimeout(r, 50));
    }
    const perPiece = Math.ceil(FEED_BYTES / line(0).length);
    expect(stream.buffered).toBeGreaterThan(0);
    expect(stream.buffered).toBeLessThanOrEqual(3 * EVENT_BATCH_SIZE + perPiece);
    // nothing is lost by pausing
    for (let r = await it.next(); !r.done; r = await it.next()) taken += r.value.length;
    expect(taken).toBe(total);
    expect(stream.buffered).toBe(0);
  });
});

describe("streamEvidence without an events consumer", () => {
  it("resolves the source record without buffering events", async () => {
    const streams = await streamEvidence([
      join(FIXTURES, "prometheus-query-range.json"),
      join(FIXTURES, "git-log.txt"),
    ]);
    const sources = await Promise.all(streams.map((s) => s.source));
    expect(sources.map((s) => s.events)).toEqual([6, 2]);
  });
});

describe("pipeline-level time handling", () => {
  it("keeps a local-time file monotonic through the Europe/Berlin fall-back overlap", async () => {
    const file = join(tmp, "overlap.txt");
    const times = [
      "2025-10-26T01:50:00",
      "2025-10-26T02:20:00",
      "2025-10-26T02:50:00",
      "2025-10-26T02:10:00",
      "2025-10-26T02:40:00",
      "2025-10-26T03:05:00",
    ];
    writeFileSync(file, times.map((t, i) => `${i.toString(16).padStart(40, "0")}\t${t}\tA\tline ${i}\n`).join(""));
    const { events, source } = await one(file, { tz: { "overlap.txt": "Europe/Berlin" } });
    expect(events.map((e) => new Date(e.ts).toISOString())).toEqual([
      "2025-10-25T23:50:00.000Z",
      "2025-10-26T00:20:00.000Z",
      "2025-10-26T00:50:00.000Z",
      "2025-10-26T01:10:00.000Z",
      "2025-10-26T01:40:00.000Z",
      "2025-10-26T02:05:00.000Z",
    ]);
    expect(source.timezone).toBe("Europe/Berlin");
  });

  it("reports a gap in a metric source where minutes are missing", async () => {
    const file = join(tmp, "gappy.prom");
    const rows: string[] = ["# TYPE up gauge"];
    const t0 = Date.UTC(2025, 1, 9, 10);
    for (let i = 0; i < 120; i++) if (i < 50 || i >= 80) rows.push(`up{job="a"} 1 ${t0 + i * 15_000}`);
    writeFileSync(file, `${rows.join("\n")}\n`);
    const { source } = await one(file);
    expect(source.format).toBe("prometheus-text");
    expect(source.gaps).toEqual([{ from: "2025-02-09T10:12:15.000Z", to: "2025-02-09T10:20:00.000Z" }]);
  });
});

describe("odd filesystem entries", () => {
  it("survives a symlink loop and refuses a FIFO", async () => {
    const { symlinkSync } = await import("node:fs");
    const { execFileSync } = await import("node:child_process");
    const dir = join(tmp, "loop");
    await mkdir(dir, { recursive: true });
    writeFileSync(join(dir, "g.txt"), "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T10:58:00Z\tA\tx\n");
    symlinkSync(dir, join(dir, "self"));
    const sources = await inventoryEvidence([dir]);
    expect(sources.map((s) => s.events)).toEqual([1]);
    const fifo = join(tmp, "pipe");
    execFileSync("mkfifo", [fifo]);
    const err = await inventoryEvidence([fifo]).catch((e: unknown) => e);
    expect(isDebriefError(err) && err.code).toBe("INPUT_UNREADABLE");
    expect(String(err)).toBe(`${fifo}: not a regular file or folder`);
  });
});
