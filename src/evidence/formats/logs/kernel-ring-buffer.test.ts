import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat, makeSample } from "../../detect-format.js";
import { defaultFormatRegistry } from "../index.js";
import { kernelRingBufferFormat } from "./kernel-ring-buffer.js";
import { createTestContext } from "./test-context.js";

function parse(lines: string[], fileMtime?: number) {
  const warnings: string[] = [];
  const ctx = Object.assign(createTestContext(), {
    fileMtime,
    warn: (m: string) => {
      warnings.push(m);
    },
  });
  const p = kernelRingBufferFormat.createParser(ctx);
  lines.forEach((l, i) => {
    p.push(l, i + 1);
  });
  p.end();
  return { ctx, warnings, iso: ctx.events.map((e) => new Date(e.ts).toISOString()) };
}

function detected(lines: string[]): string | undefined {
  const text = lines.join("\n");
  return detectFormat(makeSample("dmesg.txt", text, text.length, true), defaultFormatRegistry().formats)?.format.id;
}

const BOOT = [
  "[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
  "[    1.500000] rtc_cmos 00:00: setting system clock to 2025-02-09T10:00:00 UTC (1739095200)",
  "[ 1234.567890] Out of memory: Killed process 4711 (java) total-vm:8123456kB, anon-rss:4123456kB",
];

describe("kernel-ring-buffer: seconds since boot", () => {
  it("places records by the RTC's start-up record and keeps the message", () => {
    expect(detected(BOOT)).toBe("kernel-ring-buffer");
    const { ctx, iso } = parse(BOOT);
    expect(iso).toEqual(["2025-02-09T09:59:58.500Z", "2025-02-09T10:00:00.000Z", "2025-02-09T10:20:33.067Z"]);
    expect(ctx.events[2]?.message).toBe(
      "Out of memory: Killed process 4711 (java) total-vm:8123456kB, anon-rss:4123456kB",
    );
    expect(ctx.events[2]?.attributes).toMatchObject({ sinceBoot: "1234.567890", bootTimeFrom: "rtc" });
    expect(ctx.dataZones).toEqual(["UTC"]);
  });

  it("uses an audit record's wall clock, reads dmesg -r priorities and dmesg -x levels", () => {
    const lines = [
      "<6>[   10.000000] systemd[1]: Started Journal Service.",
      '<5>[   20.250000] audit: type=1400 audit(1739095523.123:456): apparmor="STATUS" operation="profile_load"',
      "<3>[   30.000000] ata1.00: failed command: READ FPDMA QUEUED",
    ];
    const { ctx, iso } = parse(lines);
    expect(iso).toEqual(["2025-02-09T10:05:12.873Z", "2025-02-09T10:05:23.123Z", "2025-02-09T10:05:32.873Z"]);
    expect(ctx.events.map((e) => e.severity)).toEqual(["info", "notice", "error"]);
    const x = parse(["kern  :err   : [    1.000000] EXT4-fs error (device sda1)", ...BOOT.slice(1)]);
    expect(x.ctx.events[0]?.severity).toBe("error");
    expect(x.ctx.events[0]?.message).toBe("EXT4-fs error (device sda1)");
  });

  it("starts a new boot when the seconds start again, each placed by its own record", () => {
    const second = [
      "[    0.000000] Linux version 6.1.0-18-amd64",
      "[    2.000000] rtc_cmos 00:00: setting system clock to 2025-02-09T12:00:00 UTC (1739102400)",
      "[    5.000000] EXT4-fs (sda1): recovery complete",
    ];
    const { iso } = parse([...BOOT, ...second]);
    expect(iso.slice(3)).toEqual(["2025-02-09T11:59:58.000Z", "2025-02-09T12:00:00.000Z", "2025-02-09T12:00:03.000Z"]);
  });

  it("without a wall-clock record: the last record at the file's time (warned), else skipped (warned)", () => {
    const lines = ["[  100.000000] eth0: link up", "[  160.000000] eth0: link down"];
    const mtime = Date.UTC(2025, 1, 9, 10, 0, 0);
    const withMtime = parse(lines, mtime);
    expect(withMtime.iso).toEqual(["2025-02-09T09:59:00.000Z", "2025-02-09T10:00:00.000Z"]);
    expect(withMtime.warnings[0]).toMatch(/modification time/);
    const without = parse(lines);
    expect(without.ctx.events).toEqual([]);
    expect(without.ctx.skips.map((s) => s.reason)).toEqual(["relative-time", "relative-time"]);
    expect(without.warnings[0]).toMatch(/skipped/);
  });

  it("skips lines that are not records, and is not detected on ordinary logs", () => {
    const { ctx } = parse([...BOOT, "garbage without a stamp", ""]);
    expect(ctx.skips.map((s) => s.reason)).toEqual(["no-timestamp", "empty-line"]);
    expect(detected(["2025-02-09 10:05:23 [1234.5] not a kernel record", "2025-02-09 10:05:24 next"])).not.toBe(
      "kernel-ring-buffer",
    );
  });

  it("property: any text never throws, and placed records keep their order and spacing", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 20 }), (lines) => {
        parse(lines, 0);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 20 }), (steps) => {
        let us = 0;
        const lines = steps.map((d) => {
          us += d;
          const s = Math.floor(us / 1e6);
          return `[${String(s).padStart(5)}.${String(us % 1e6).padStart(6, "0")}] msg`;
        });
        const { ctx } = parse(lines, 1_800_000_000_000);
        const ts = ctx.events.map((e) => e.ts);
        const ms = (l: string) => Math.floor(Number(l.slice(1, l.indexOf("]"))) * 1000 + 1e-6);
        for (let i = 1; i < ts.length; i++) {
          expect((ts[i] as number) - (ts[i - 1] as number)).toBe(ms(lines[i] as string) - ms(lines[i - 1] as string));
        }
      }),
      { numRuns: 100 },
    );
  });
});
