import type { RawEvent } from "../../../model/event.js";
import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { mapSeverity, syslogSeverity } from "./severity.js";

/*
 * The kernel ring buffer as `dmesg` prints it without `-T`: every record stamped with the seconds since boot.
 *   [    0.000000] Linux version 6.1.0-18-amd64 ...              (dmesg)
 *   <6>[    1.234567] rtc_cmos 00:00: setting system clock ...   (dmesg -r, Android kernel logs)
 *   kern  :info  : [    5.123456] EXT4-fs (sda1): mounted ...   (dmesg -x)
 *   [ 1234.567890] web-1 kernel: Out of memory: Killed ...      (journalctl -o short-monotonic)
 * The OOM killer, hung tasks and disk errors are written here first, so incident bundles often carry this file.
 * Seconds since boot are not an instant: the boot time is taken from a record that states wall-clock time itself
 * (the RTC's `setting system clock to 2025-02-09T10:00:00 UTC (1739095200)` at start-up, an audit record's
 * `audit(1739095523.123:456)`), one per boot when the file spans reboots (the seconds start again near 0). A boot
 * with no such record is placed by the file's modification time (dmesg was saved after its last record, so that
 * record is put at the save time, the latest it can be) and a warning says so; without even that, its records are
 * skipped as `relative-time`. The printk clock stops while a machine is suspended, so times after a resume drift.
 */

/** `<prio>` or `facility:level: ` prefix, then `[ seconds.fraction]`. No nested quantifiers: linear per line. */
const RECORD = /^(?:<(\d{1,3})>|([a-z]+) *:([a-z]+) *: )?\[ *(\d{1,10})\.(\d{1,9})\] ?/;
/** The RTC driver's start-up record (drivers/rtc/class.c): the wall clock at that second since boot. */
const RTC = /setting system clock to [^()]* UTC \((\d{9,11})\)/;
/** Kernel audit records carry their wall-clock time: `audit(1739095523.123:456)`. */
const AUDIT = /\baudit\((\d{9,11})\.(\d{3}):\d+\)/;
/** Records held per boot while its boot time is unknown (a ring buffer holds far fewer). */
const MAX_PENDING = 200_000;

interface Boot {
  /** Epoch ms of the boot, NaN until a record states it. */
  at: number;
  from: string;
  pending: { event: RawEvent; sinceBootMs: number }[];
  lastSinceBootMs: number;
}

function newBoot(): Boot {
  return { at: Number.NaN, from: "", pending: [], lastSinceBootMs: 0 };
}

/** Wall-clock ms stated by a record's message, or NaN. */
function statedWallClock(message: string): number {
  const rtc = RTC.exec(message);
  if (rtc) return Number(rtc[1]) * 1000;
  const audit = AUDIT.exec(message);
  if (audit) return Number(audit[1]) * 1000 + Number(audit[2]);
  return Number.NaN;
}

function createKernelRingBufferParser(ctx: FormatContext): LineParser {
  let boot = newBoot();
  const emitAt = (b: Boot, event: RawEvent, sinceBootMs: number) => {
    event.ts = b.at + sinceBootMs;
    event.attributes.bootTimeFrom = b.from;
    ctx.emit(event);
  };
  const anchor = (b: Boot, at: number, from: string) => {
    b.at = at;
    b.from = from;
    ctx.noteZoneFromData("UTC");
    for (const p of b.pending) emitAt(b, p.event, p.sinceBootMs);
    b.pending = [];
  };
  /** A boot that ended (a reboot follows) or the file's last one: place or skip its held records. */
  const close = (b: Boot, last: boolean) => {
    if (b.pending.length === 0) return;
    if (last && ctx.fileMtime !== undefined) {
      ctx.warn?.(
        "kernel log with seconds since boot and no record stating the wall clock: boot time assumed from the file's modification time (its last record placed at that time)",
      );
      anchor(b, ctx.fileMtime - b.lastSinceBootMs, "file-mtime");
      return;
    }
    ctx.warn?.("kernel log with seconds since boot and no record stating the wall clock: those records are skipped");
    for (const p of b.pending) ctx.skip(p.event.line, "relative-time", p.event.message.slice(0, 120));
    b.pending = [];
  };
  return {
    push(line, lineNo) {
      const m = RECORD.exec(line);
      if (m === null) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
        return;
      }
      const fraction = m[5] as string;
      const sinceBootMs = Number(m[4]) * 1000 + Number(fraction.padEnd(3, "0").slice(0, 3));
      // the seconds start again near 0 after a reboot (a small step back is per-CPU clock skew)
      if (sinceBootMs + 1000 < boot.lastSinceBootMs) {
        close(boot, false);
        boot = newBoot();
      }
      boot.lastSinceBootMs = sinceBootMs;
      const message = line.slice(m[0].length).trimEnd();
      const severity =
        m[1] !== undefined ? syslogSeverity(Number(m[1]) & 7) : m[3] !== undefined ? mapSeverity(m[3]) : null;
      const event: RawEvent = {
        ts: 0,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity,
        service: "kernel",
        host: null,
        actor: null,
        message,
        attributes: { sinceBoot: `${m[4]}.${fraction}` },
      };
      if (Number.isNaN(boot.at)) {
        const wall = statedWallClock(message);
        if (!Number.isNaN(wall)) anchor(boot, wall - sinceBootMs, RTC.test(message) ? "rtc" : "audit");
      }
      if (!Number.isNaN(boot.at)) emitAt(boot, event, sinceBootMs);
      else if (boot.pending.length < MAX_PENDING) boot.pending.push({ event, sinceBootMs });
      else ctx.skip(lineNo, "relative-time", message.slice(0, 120));
    },
    end() {
      close(boot, true);
    },
  };
}

/** Kernel ring buffer with seconds since boot (`dmesg`, `dmesg -r`, `dmesg -x`, `journalctl -o short-monotonic`). */
export const kernelRingBufferFormat: LineFormat = {
  id: "kernel-ring-buffer",
  description:
    "Kernel ring buffer with seconds since boot (`[ 1234.567890] msg`: dmesg, dmesg -r/-x); boot time from the RTC or audit records, else the file's time",
  kind: "log",
  shape: "lines",
  samples: [
    [
      "[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
      "[    1.234567] rtc_cmos 00:00: setting system clock to 2025-02-09T10:00:00 UTC (1739095200)",
      "[ 1234.567890] Out of memory: Killed process 4711 (java) total-vm:8123456kB, anon-rss:4123456kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:9000kB oom_score_adj:0",
      "[ 1234.600001] oom_reaper: reaped process 4711 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
    ].join("\n"),
  ],
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (line) => RECORD.test(line)),
      0.9,
    );
  },
  createParser: createKernelRingBufferParser,
};
