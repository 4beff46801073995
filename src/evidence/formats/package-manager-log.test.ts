import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("packages");

const changes = (events: RawEvent[]) =>
  events
    .filter((e) => e.kind === "change")
    .map((e) => {
      const c = e.attributes.change as { phase: string; what: string; by: string | null };
      return [new Date(e.ts).toISOString(), e.line, c.phase, c.what, c.by];
    });

describe("package-manager-log", () => {
  it("an ordinary ISO-timestamped application log (time, level, text) is not taken for dnf.log or pacman.log", async () => {
    for (const [name, lines] of [
      [
        "app.log",
        [
          "2025-02-09T10:00:00Z INFO orders-api started",
          "2025-02-09T10:00:05Z ERROR upstream timed out",
          "2025-02-09T10:00:09Z INFO request ok",
        ],
      ],
      [
        "worker.log",
        ["[2025-02-09T10:00:00+0000] [worker] job 12 started", "[2025-02-09T10:00:04+0000] [worker] job 12 done"],
      ],
    ] as const) {
      const { source, events } = await read(name, `${lines.join("\n")}\n`);
      expect(source?.format, name).not.toBe("package-manager-log");
      expect(
        events.every((e) => !e.message.startsWith("package:")),
        name,
      ).toBe(true);
    }
  });

  it("dpkg.log: an upgrade is in effect at its 'status installed', a removal at 'not-installed'; triggers are not changes", async () => {
    const text = [
      "2025-06-01 08:00:00 startup archives unpack",
      "2025-06-01 08:00:01 upgrade curl:amd64 8.5.0-2ubuntu10.5 8.5.0-2ubuntu10.6",
      "2025-06-01 08:00:01 status half-configured curl:amd64 8.5.0-2ubuntu10.5",
      "2025-06-01 08:00:02 status unpacked curl:amd64 8.5.0-2ubuntu10.6",
      "2025-06-01 08:00:03 remove telnet:amd64 0.17+2.5-3 <none>",
      "2025-06-01 08:00:03 status half-installed telnet:amd64 0.17+2.5-3",
      "2025-06-01 08:00:04 status not-installed telnet:amd64 <none>",
      "2025-06-01 08:00:05 configure curl:amd64 8.5.0-2ubuntu10.6 <none>",
      "2025-06-01 08:00:06 status installed curl:amd64 8.5.0-2ubuntu10.6",
      "2025-06-01 08:00:07 trigproc man-db:amd64 2.12.0-4build2 <none>",
      "2025-06-01 08:00:08 status installed man-db:amd64 2.12.0-4build2",
    ].join("\n");
    const { source, events } = await read("dpkg.log", text);
    expect(source?.format).toBe("package-manager-log");
    expect(changes(events)).toEqual([
      ["2025-06-01T08:00:04.000Z", 7, "effective", "remove telnet 0.17+2.5-3", null],
      ["2025-06-01T08:00:06.000Z", 9, "effective", "upgrade curl 8.5.0-2ubuntu10.5 → 8.5.0-2ubuntu10.6", null],
    ]);
    expect(events).toHaveLength(11);
    expect(source?.skipped.total).toBe(0);
  });

  it("apt history.log: one change per transaction at End-Date, by Requested-By, failed when apt logged an Error", async () => {
    const text = [
      "",
      "Start-Date: 2025-06-01  08:10:00",
      "Commandline: apt-get install -y postgresql-16",
      "Requested-By: kim (1000)",
      "Install: postgresql-16:amd64 (16.9-1.pgdg24.04+1), libpq5:amd64 (17.5-1.pgdg24.04+1, automatic)",
      "End-Date: 2025-06-01  08:10:41",
      "",
      "Start-Date: 2025-06-01  08:20:00",
      "Commandline: /usr/bin/unattended-upgrade",
      "Upgrade: openssl:amd64 (3.0.13-0ubuntu3.4, 3.0.13-0ubuntu3.5)",
      "Error: Sub-process /usr/bin/dpkg returned an error code (1)",
      "End-Date: 2025-06-01  08:20:12",
    ].join("\n");
    const { events } = await read("history.log", text);
    expect(changes(events)).toEqual([
      [
        "2025-06-01T08:10:41.000Z",
        6,
        "effective",
        "apt: install postgresql-16 16.9-1.pgdg24.04+1, install libpq5 17.5-1.pgdg24.04+1 (apt-get install -y postgresql-16)",
        "kim",
      ],
      [
        "2025-06-01T08:20:12.000Z",
        12,
        "failed",
        "apt: upgrade openssl 3.0.13-0ubuntu3.4 → 3.0.13-0ubuntu3.5 (/usr/bin/unattended-upgrade) failed: Sub-process /usr/bin/dpkg returned an error code (1)",
        null,
      ],
    ]);
  });

  it("dnf.rpm.log, pacman.log and zypper history; the old version's 'Upgraded:' is not another change", async () => {
    const dnf = [
      "2025-06-01T08:30:00+0000 SUBDEBUG Upgrade: kernel-core-5.14.0-503.el9.x86_64",
      "2025-06-01T08:30:09+0000 SUBDEBUG Upgraded: kernel-core-5.14.0-427.el9.x86_64",
    ].join("\n");
    expect(changes((await read("dnf.rpm.log", dnf)).events)).toEqual([
      ["2025-06-01T08:30:00.000Z", 1, "effective", "upgrade kernel-core-5.14.0-503.el9.x86_64", null],
    ]);
    const pacman =
      "[2025-06-01T08:40:00+0000] [ALPM] removed vim (9.1.0-1)\n[2025-06-01T08:40:01+0000] [ALPM] transaction completed";
    expect(changes((await read("pacman.log", pacman)).events)).toEqual([
      ["2025-06-01T08:40:00.000Z", 1, "effective", "removed vim 9.1.0-1", null],
    ]);
    const zypper = [
      "2025-06-01 08:50:00|command|root@web-2|'zypper' 'up' 'nginx'|",
      "2025-06-01 08:50:07|install|nginx|1.27.3-1.1|x86_64|root@web-2|repo-oss|0f1e2d|",
    ].join("\n");
    expect(changes((await read("history", zypper)).events)).toEqual([
      ["2025-06-01T08:50:07.000Z", 2, "effective", "install nginx 1.27.3-1.1", "root@web-2"],
    ]);
  });

  it("names a line that fits no package-manager layout and an apt block left open", async () => {
    const text = [
      "2025-06-01 08:00:01 upgrade curl:amd64 1 2",
      "2025-06-01 08:00:02 status installed curl:amd64 2",
      "garbage in the middle",
      "Start-Date: 2025-06-01  09:00:00",
      "Upgrade: curl:amd64 (2, 3)",
    ].join("\n");
    const { source } = await read("mixed.log", text);
    expect(source?.skipped.examples.map((x) => [x.line, x.reason])).toEqual([
      [3, "unrecognized-line"],
      [4, "unterminated-record"],
    ]);
  });

  it("property: each dpkg upgrade yields one change at its own status line, in the file's zone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 3600 }), { minLength: 1, maxLength: 6 }), async (gaps) => {
        let t = Date.UTC(2025, 5, 1, 8);
        const lines: string[] = [];
        const want: number[] = [];
        gaps.forEach((g, i) => {
          const stamp = () => new Date(t).toISOString().slice(0, 19).replace("T", " ");
          lines.push(`${stamp()} upgrade pkg${i}:amd64 1.${i} 2.${i}`);
          t += g * 1000;
          lines.push(`${stamp()} status installed pkg${i}:amd64 2.${i}`);
          want.push(t);
        });
        const { events } = await read("prop-dpkg.log", lines.join("\n"));
        expect(events.filter((e) => e.kind === "change").map((e) => e.ts)).toEqual(want);
      }),
      { numRuns: 20, seed: 15 },
    );
  });
});
