import type { ChangeType } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DetectSample, FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** dpkg.log: `2025-03-04 10:00:01 upgrade nginx:amd64 1.24.0-1 1.24.0-2` / `… status installed nginx:amd64 1.24.0-2`. */
const DPKG =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (startup|status|install|upgrade|remove|purge|configure|trigproc|conffile) (.*)$/;
/** apt history.log: a block from `Start-Date:` to `End-Date:` (two spaces between date and time). */
const APT =
  /^(Start-Date|End-Date|Commandline|Requested-By|Install|Upgrade|Downgrade|Remove|Purge|Reinstall|Error): ?(.*)$/;
/** yum.log: `Mar 04 10:00:01 Updated: nginx-1:1.20.1-10.el7.x86_64` (year-less local time). */
const YUM = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (Installed|Updated|Erased|Downgraded|Reinstalled): (.*)$/;
/** dnf.rpm.log / dnf.log: `2025-03-04T10:00:01+0000 SUBDEBUG Upgrade: nginx-1:1.20.1-10.el9.x86_64`. */
const DNF =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d{2}:?\d{2})) (\w+) (?:(Upgrade|Install|Erase|Reinstall|Downgrade|Upgraded|Downgraded|Reinstalled|Obsoleted|Cleanup|Erased): (.*)|.*)$/;
/** pacman.log: `[2025-03-04T10:00:01+0000] [ALPM] upgraded nginx (1.24.0-1 -> 1.24.0-2)`. */
const PACMAN =
  /^\[(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d{2}:?\d{2})?)\] \[(\w+)\] (?:(installed|upgraded|downgraded|reinstalled|removed) (\S+) \(([^)]*)\)|.*)$/;
/** zypper history: `2025-03-04 10:00:01|install|nginx|1.21.5-1.1|x86_64|root@web-1|repo-oss|…|`. */
const ZYPPER = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\|(install|remove |remove|command|radd|rremove)\s*\|(.*)$/;

interface AptBlock {
  start: number;
  startLine: number;
  lines: string[];
  by: string | null;
  command: string | null;
  packages: string[];
  error: string | null;
}

/** `nginx:amd64 (1.24.0-1, 1.24.0-2), libxml2:amd64 (2.9.14, 2.9.15)` → `nginx 1.24.0-1 → 1.24.0-2`, … */
function aptPackages(list: string): string[] {
  return [...list.matchAll(/([^\s,:()]+)(?::[\w-]+)? \(([^)]*)\)/g)].map((m) => {
    const versions = (m[2] ?? "").split(/,\s*/).filter((v) => v !== "automatic");
    return `${m[1]} ${versions.length === 2 ? `${versions[0]} → ${versions[1]}` : (versions[0] ?? "")}`.trim();
  });
}

function createParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  const time = (text: string): number => {
    if (scanTimestamp(text, 0, f) < 0) return Number.NaN;
    return resolver.toEpoch(f);
  };
  /** dpkg: packages being upgraded/installed/removed, waiting for the status line that ends their configuration. */
  const pending = new Map<string, { action: string; from: string; to: string; line: number; ts: number }>();
  let apt: AptBlock | null = null;

  // the tool's name leads the message: dpkg's bare "status installed x" of a trigger is not a change of its own, and
  // the stateless change recognisers would take it for one
  const log = (ts: number, line: number, message: string, tool: string) =>
    ctx.emit({
      ts,
      path: ctx.path,
      line,
      kind: "log",
      severity: null,
      service: null,
      host: null,
      actor: null,
      message: `${tool}: ${message}`,
      attributes: {},
    });
  const change = (
    ts: number,
    line: number,
    message: string,
    c: {
      what: string;
      pkg: string | null;
      ok?: boolean;
      started?: number;
      by?: string | null;
      tool: string;
      type?: ChangeType;
    },
  ) => {
    const ok = c.ok !== false;
    // a package action is in place when its log line is written (dpkg's status line, the transaction's end)
    ctx.emit(
      changeEvent({
        path: ctx.path,
        line,
        at: ts,
        type: c.type ?? "deploy",
        what: c.what,
        where: c.pkg ? [c.pkg] : [],
        by: c.by ?? null,
        tool: c.tool,
        phase: ok ? "effective" : "failed",
        ...(c.started !== undefined ? { startedAt: c.started } : {}),
        service: c.pkg,
        message,
      }),
    );
  };

  const dpkg = (m: RegExpExecArray, line: number, raw: string) => {
    const ts = time(m[1] as string);
    if (Number.isNaN(ts)) return ctx.skip(line, "invalid-timestamp", raw.slice(0, 120));
    const verb = m[2] as string;
    const args = (m[3] as string).split(" ");
    if (verb === "install" || verb === "upgrade" || verb === "remove" || verb === "purge") {
      const pkg = (args[0] ?? "").split(":")[0] ?? "";
      pending.set(pkg, { action: verb, from: args[1] ?? "", to: args[2] ?? "", line, ts });
      return log(ts, line, raw.slice(20), "dpkg");
    }
    if (verb === "status") {
      const [state, full, version] = args;
      const pkg = (full ?? "").split(":")[0] ?? "";
      const p = pending.get(pkg);
      const removed = state === "not-installed" || state === "config-files";
      if (
        p &&
        ((state === "installed" && (p.action === "install" || p.action === "upgrade")) ||
          (removed && (p.action === "remove" || p.action === "purge")))
      ) {
        pending.delete(pkg);
        const what =
          p.action === "upgrade"
            ? `upgrade ${pkg} ${p.from} → ${version ?? p.to}`
            : p.action === "install"
              ? `install ${pkg} ${version ?? p.to}`
              : `${p.action} ${pkg} ${p.from}`;
        return change(ts, line, what, { what, pkg, started: p.ts, tool: "dpkg", type: removed ? "infra" : "deploy" });
      }
    }
    return log(ts, line, raw.slice(20), "dpkg");
  };

  const aptLine = (m: RegExpExecArray, line: number, raw: string) => {
    const key = m[1] as string;
    const value = (m[2] ?? "").trim();
    if (key === "Start-Date") {
      const ts = time(value.replace(/\s+/, " "));
      if (Number.isNaN(ts)) return ctx.skip(line, "invalid-timestamp", raw.slice(0, 120));
      apt = { start: ts, startLine: line, lines: [], by: null, command: null, packages: [], error: null };
      return log(ts, line, raw, "apt");
    }
    if (!apt) return ctx.skip(line, "no-timestamp", raw.slice(0, 120));
    if (key === "End-Date") {
      const ts = time(value.replace(/\s+/, " "));
      const b: AptBlock = apt;
      apt = null;
      if (Number.isNaN(ts)) return ctx.skip(line, "invalid-timestamp", raw.slice(0, 120));
      if (b.packages.length === 0) return log(ts, line, raw, "apt");
      const first = b.packages[0]?.split(" ")[0] ?? null;
      const what = `apt: ${b.packages.slice(0, 6).join(", ")}${b.packages.length > 6 ? ` and ${b.packages.length - 6} more` : ""}${b.command ? ` (${b.command})` : ""}${b.error ? ` failed: ${b.error}` : ""}`;
      return change(ts, line, what, {
        what,
        pkg: first,
        ok: b.error === null,
        started: b.start,
        by: b.by,
        tool: "apt",
      });
    }
    if (key === "Commandline") apt.command = value;
    else if (key === "Requested-By") apt.by = value.replace(/\s*\(\d+\)$/, "");
    else if (key === "Error") apt.error = value;
    else apt.packages.push(...aptPackages(value).map((p) => `${key.toLowerCase()} ${p}`));
  };

  return {
    push(raw, line) {
      const text = raw.trimEnd();
      if (text.length === 0) return;
      let m: RegExpExecArray | null;
      if ((m = DPKG.exec(text))) return dpkg(m, line, text);
      if ((m = APT.exec(text))) return aptLine(m, line, text);
      if ((m = YUM.exec(text)) || (m = ZYPPER.exec(text))) {
        const ts = time(m[1] as string);
        if (Number.isNaN(ts)) return ctx.skip(line, "invalid-timestamp", text.slice(0, 120));
        const verb = (m[2] as string).trim();
        if (verb === "command" || verb === "radd" || verb === "rremove") return log(ts, line, text, "package");
        const fields = (m[3] as string).split("|");
        const pkg = YUM.test(text) ? (fields[0] ?? "").replace(/^\d+:/, "") : `${fields[0]} ${fields[1] ?? ""}`.trim();
        const by = YUM.test(text) ? null : (fields[3] ?? null);
        const name = pkg.replace(/-\d.*$/, "").split(" ")[0] ?? pkg;
        return change(ts, line, text, {
          what: `${verb.toLowerCase()} ${pkg}`,
          pkg: name,
          by,
          tool: YUM.test(text) ? "yum" : "zypper",
          type: /Erased|remove/.test(verb) ? "infra" : "deploy",
        });
      }
      if ((m = DNF.exec(text)) || (m = PACMAN.exec(text))) {
        const ts = time(m[1] as string);
        if (Number.isNaN(ts)) return ctx.skip(line, "invalid-timestamp", text.slice(0, 120));
        const verb = m[3];
        const pacman = text.startsWith("[");
        // dnf's "Upgraded:"/"Cleanup:" lines remove the old version of a package just upgraded: not another change
        if (!verb || /^(?:Upgraded|Downgraded|Reinstalled|Obsoleted|Cleanup)$/.test(verb))
          return log(ts, line, text, "package");
        const pkg = (m[4] ?? "").trim();
        const name = pacman ? pkg : pkg.replace(/-\d.*$/, "");
        const what = `${verb.toLowerCase()} ${pkg}${pacman && m[5] ? ` ${m[5]}` : ""}`;
        return change(ts, line, text, {
          what,
          pkg: name,
          tool: pacman ? "pacman" : "dnf",
          type: /Erase|removed/.test(verb) ? "infra" : "deploy",
        });
      }
      ctx.skip(line, "unrecognized-line", text.slice(0, 120));
    },
    end() {
      const b = apt as AptBlock | null;
      if (b) ctx.skip(b.startLine, "unterminated-record", "apt history block without End-Date");
    },
  };
}

function looksPackageLog(line: string): boolean | null {
  if (line.trim().length === 0) return null;
  if (DPKG.test(line) || APT.test(line) || YUM.test(line) || ZYPPER.test(line)) return true;
  // dnf's and pacman's layouts take any "<ISO time> LEVEL text" / "[time] [word] text" line so the parser keeps a real
  // log's other lines; for detection only a line with the package manager's own action word counts, otherwise every
  // ordinary ISO-timestamped application log would be taken for dnf.log
  const dnf = DNF.exec(line);
  if (dnf) return dnf[3] !== undefined ? true : null;
  const pacman = PACMAN.exec(line);
  if (pacman) return pacman[3] !== undefined || pacman[2] === "ALPM" || pacman[2] === "PACMAN" ? true : null;
  return false;
}

/**
 * OS package-manager logs, each change in effect when the package manager finished it: dpkg.log (an upgrade, install
 * or removal is done at the `status installed` / `status not-installed` line that ends it; triggers and unpacking are
 * not changes; https://manpages.debian.org/dpkg, section FILES, and the log written by `dpkg --log`), apt's
 * history.log (one transaction from `Start-Date` to `End-Date`, by `Requested-By`, failed when it has an `Error:`;
 * https://manpages.debian.org/apt.conf `Dir::Log::History`, layout as described in
 * https://serverpilot.io/docs/logs/package-manager), yum.log (`Updated:`/`Installed:`/`Erased:` lines, year-less local
 * time), dnf.rpm.log (`Upgrade:`/`Install:`/`Erase:`; the old version's `Upgraded:` line is not another change;
 * https://dnf.readthedocs.io/en/latest/conf_ref.html `log_rotate`/`logdir`), pacman.log (`[ALPM] upgraded x (a -> b)`,
 * https://man.archlinux.org/man/pacman.conf.5 `LogFile`) and zypper's history (`|install|`/`|remove |` rows,
 * https://en.opensuse.org/SDB:Zypper_usage#History). Zone-less times use the source's zone.
 */
export const packageManagerLog: LineFormat = {
  id: "package-manager-log",
  description: "OS package-manager logs: dpkg.log, apt history.log, yum.log, dnf.rpm.log, pacman.log, zypper history",
  kind: "change",
  shape: "lines",
  samples: [
    [
      "2025-03-04 10:00:01 startup archives unpack",
      "2025-03-04 10:00:01 upgrade openssl:amd64 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5",
      "2025-03-04 10:00:01 status half-configured openssl:amd64 3.0.13-0ubuntu3.4",
      "2025-03-04 10:00:02 status unpacked openssl:amd64 3.0.13-0ubuntu3.5",
      "2025-03-04 10:00:03 startup packages configure",
      "2025-03-04 10:00:03 configure openssl:amd64 3.0.13-0ubuntu3.5 <none>",
      "2025-03-04 10:00:04 status installed openssl:amd64 3.0.13-0ubuntu3.5",
      "2025-03-04 10:00:04 trigproc libc-bin:amd64 2.39-0ubuntu8.3 <none>",
      "2025-03-04 10:00:05 status installed libc-bin:amd64 2.39-0ubuntu8.3",
    ].join("\n"),
    [
      "",
      "Start-Date: 2025-03-04  10:00:00",
      "Commandline: apt-get install --only-upgrade redis-server",
      "Requested-By: deploy (1001)",
      "Upgrade: redis-server:amd64 (5:7.0.15-1, 5:7.0.15-2), redis-tools:amd64 (5:7.0.15-1, 5:7.0.15-2)",
      "End-Date: 2025-03-04  10:00:09",
    ].join("\n"),
    [
      "2025-03-04T10:00:01+0000 SUBDEBUG Upgrade: haproxy-2.4.22-3.el9.x86_64",
      "2025-03-04T10:00:02+0000 SUBDEBUG Upgraded: haproxy-2.4.22-1.el9.x86_64",
      "2025-03-04T10:00:02+0000 INFO --- logging initialized ---",
    ].join("\n"),
    [
      "[2025-03-04T10:00:00+0000] [PACMAN] Running 'pacman -Syu'",
      "[2025-03-04T10:00:05+0000] [ALPM] transaction started",
      "[2025-03-04T10:00:06+0000] [ALPM] upgraded nginx (1.26.2-1 -> 1.26.3-1)",
      "[2025-03-04T10:00:06+0000] [ALPM] transaction completed",
    ].join("\n"),
  ],
  detect(sample: DetectSample) {
    let yes = 0;
    let decided = 0;
    for (const line of sample.lines.slice(0, 200)) {
      const r = looksPackageLog(line);
      if (r === null) continue;
      decided++;
      if (r) yes++;
    }
    if (decided === 0 || yes / decided < 0.6) return 0;
    // lines dnf/pacman's catch-all shapes admit are undecided: a file needs its share of real package lines
    const nonBlank = sample.lines.slice(0, 200).filter((l) => l.trim().length > 0).length;
    if (yes < Math.max(1, 0.2 * nonBlank)) return 0;
    // a file of apt's block keys or dpkg's action words is nothing else; yum's year-less lines resemble syslog
    return 0.96 * (yes / decided);
  },
  createParser,
};
