import type { ChangeMatch, ChangeRecogniser } from "./change-recogniser.js";

interface Notice {
  re: RegExp;
  tool: string;
  phase: ChangeMatch["phase"];
  type: ChangeMatch["type"];
  what: string;
}

/**
 * The notices servers write when they reload their configuration or restart themselves in place. A reload is asked
 * for (started) when the signal is received and in effect when the new workers run with the new configuration.
 */
const NOTICES: readonly Notice[] = [
  // nginx (error_log at notice level): HUP = "changing configuration … starting new worker processes"
  {
    re: /\bsignal 1 \(SIGHUP\) received(?: from \d+)?, reconfiguring\b/,
    tool: "nginx",
    phase: "started",
    type: "config",
    what: "nginx reload requested (SIGHUP)",
  },
  {
    re: /^start worker processes$/,
    tool: "nginx",
    phase: "effective",
    type: "config",
    what: "nginx started worker processes with the current configuration",
  },
  {
    re: /\bsignal 12 \(SIGUSR2\) received(?: from \d+)?, changing binary\b/,
    tool: "nginx",
    phase: "started",
    type: "release",
    what: "nginx binary upgrade requested (SIGUSR2)",
  },
  // Apache httpd: AH00493/AH00494 graceful / plain restart asked for, AH00489/AH00292 "resuming normal operations"
  {
    re: /\bAH0049[34]: SIG(?:USR1|HUP|WINCH) received\.\s+(?:Doing graceful restart|Attempting to restart)/,
    tool: "httpd",
    phase: "started",
    type: "config",
    what: "httpd restart requested",
  },
  {
    re: /\bAH00(?:489|292): .*\bconfigured -- resuming normal operations\b/,
    tool: "httpd",
    phase: "effective",
    type: "config",
    what: "httpd running with the current configuration",
  },
  // PostgreSQL: SIGHUP re-reads postgresql.conf; each changed setting is logged
  {
    re: /\breceived SIGHUP, reloading configuration files\b/,
    tool: "postgresql",
    phase: "effective",
    type: "config",
    what: "postgresql configuration reloaded",
  },
  {
    re: /^parameter "([\w.]+)" changed to "([^"]*)"/,
    tool: "postgresql",
    phase: "effective",
    type: "config",
    what: "postgresql parameter changed",
  },
  // HAProxy master-worker: a reload re-executes the master, the new worker is forked when the load succeeded
  {
    re: /\bReexecuting Master process\b/,
    tool: "haproxy",
    phase: "started",
    type: "config",
    what: "haproxy reload requested",
  },
  {
    re: /\bLoading success\.$/,
    tool: "haproxy",
    phase: "effective",
    type: "config",
    what: "haproxy reloaded its configuration",
  },
  // systemd: "Reloading x.service…" when ExecReload starts, "Reloaded x.service" when it finished
  {
    re: /^Reloaded ([\w@.-]+\.service)\b/,
    tool: "systemd",
    phase: "effective",
    type: "config",
    what: "systemd reloaded a unit",
  },
];

/**
 * Servers reloading or restarting themselves with a new configuration, from their own logs: nginx (`signal 1 (SIGHUP)
 * received, reconfiguring` → `start worker processes`; https://nginx.org/en/docs/control.html), Apache httpd (AH00493
 * graceful restart → AH00489 `configured -- resuming normal operations`; https://httpd.apache.org/docs/2.4/stopping.html),
 * PostgreSQL (`received SIGHUP, reloading configuration files`, `parameter "x" changed to "y"`;
 * https://www.postgresql.org/docs/current/config-setting.html), HAProxy master-worker reloads
 * (https://docs.haproxy.org/2.8/management.html#4) and systemd `Reloaded x.service` (systemctl(1) `reload`). Which file
 * changed is rarely in these lines; when the reload is in effect is.
 */
export const serverReloadRecogniser: ChangeRecogniser = {
  id: "server-reload",
  documentation:
    "https://nginx.org/en/docs/control.html, https://httpd.apache.org/docs/2.4/stopping.html, https://www.postgresql.org/docs/current/config-setting.html, https://docs.haproxy.org/2.8/management.html, https://www.freedesktop.org/software/systemd/man/latest/systemctl.html",
  hint: /SIGHUP|SIGUSR|start worker processes|resuming normal operations|reloading configuration|changed to "|Reexecuting Master|Loading success|^Reloaded /,
  samples: [
    "signal 1 (SIGHUP) received from 4120, reconfiguring",
    "start worker processes",
    "AH00493: SIGUSR1 received.  Doing graceful restart",
    "AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
    "received SIGHUP, reloading configuration files",
    'parameter "work_mem" changed to "64MB"',
    "Reloaded nginx.service - A high performance web server and a reverse proxy server.",
  ],
  recognise(e) {
    const m = e.message.trim();
    if (m.length > 300) return null;
    for (const n of NOTICES) {
      const r = n.re.exec(m);
      if (!r) continue;
      const detail = n.tool === "postgresql" && r[1] ? `: ${r[1]} = ${r[2]}` : n.tool === "systemd" ? `: ${r[1]}` : "";
      const unit = n.tool === "systemd" ? (r[1]?.replace(/\.service$/, "") ?? null) : null;
      return {
        type: n.type,
        what: `${n.what}${detail}`,
        phase: n.phase,
        tool: n.tool,
        service: unit ?? e.service ?? n.tool,
      };
    }
    return null;
  },
};
