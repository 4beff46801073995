import type { ChangeRecogniser } from "./change-recogniser.js";

/**
 * Puppet agent and Chef client runs as they appear in syslog/journald: Puppet's "Applied catalog in N seconds" and
 * resource lines ("(/Stage[main]/…/Service[x]) Triggered 'refresh'", "… content changed"), Chef's "Chef Client
 * finished, 3/120 resources updated". Salt minion "Executing state …" / highstate summaries count too.
 */
export const configManagementRecogniser: ChangeRecogniser = {
  id: "config-management",
  documentation:
    "https://www.puppet.com/docs/puppet/8/man/agent (agent log messages), https://docs.chef.io/ctl_chef_client/ (run summary), https://docs.saltproject.io/en/latest/ref/states/highstate.html (minion log: format_log in salt/state.py)",
  hint: /Applied catalog|Triggered 'refresh'|changed|Chef (?:Client|Infra Client) finished|Succeeded: \d+ \(changed=|\w\[[^\]]+\] (?:updated|created|deleted|restarted|reloaded|started|stopped|installed|upgraded|removed|enabled|disabled)|Made the following changes|resources updated|\{'[^']+': True\}$/,
  samples: [
    "Applied catalog in 6.41 seconds",
    "(/Stage[main]/Postgresql::Server::Service/Service[postgresqld]) Triggered 'refresh' from 2 events",
    "Chef Infra Client finished, 3/120 resources updated in 41 seconds",
    "service[nginx] reloaded",
    "template[/etc/nginx/nginx.conf] updated file contents /etc/nginx/nginx.conf",
    "Made the following changes:\n'nginx' changed from 'absent' to '1.18.0'",
    "File changed:\n--- \n+++ \n@@ -1 +1 @@",
    "{'nginx': True}",
    "/Stage[main]/Haproxy/File[/etc/haproxy/haproxy.cfg]/content (notice): content changed '{sha256}aa' to '{sha256}bb'",
  ],
  recognise(e) {
    // a log level or a syslog tag before the message ("INFO: ", "Puppet (notice): ")
    const m = e.message.replace(/^(?:[A-Z]+: |Puppet \(\w+\): )/, "");
    let r = /^Applied catalog in ([\d.]+) seconds/.exec(m);
    if (r) return { type: "config", what: `puppet catalog applied (${r[1]} s)`, phase: "effective", tool: "puppet" };
    // agent log: "(/Stage[main]/…/Service[x]) Triggered 'refresh'"; --logdest file: "/Stage[main]/…/content (notice): content changed"
    r =
      /^\(([^)]+)\) (Triggered 'refresh'|\w+ changed|ensure changed)/.exec(m) ??
      /^(\/Stage\[[^\s]+) \(\w+\): (Triggered 'refresh'|\w+ changed|ensure changed)/.exec(m);
    if (r) {
      const resource = /(\w+\[[^\]]+\])(?:\/\w+)?$/.exec(r[1] ?? "")?.[1] ?? r[1] ?? "";
      return {
        type: /Service\[/.test(resource) ? "restart" : "config",
        what: `puppet ${resource} ${r[2]}`,
        phase: r[2]?.startsWith("Triggered") ? "effective" : "started",
        tool: "puppet",
      };
    }
    r = /^(?:Chef (?:Infra )?Client finished|Infra Phase complete), (\d+)\/(\d+) resources updated/.exec(m);
    if (r && r[1] !== "0")
      return { type: "config", what: `chef run: ${r[1]}/${r[2]} resources updated`, phase: "effective", tool: "chef" };
    // Chef resource actions as the client logs them at info level: "service[nginx] reloaded", "template[…] updated"
    r =
      /^(\w+)\[([^\]]+)\] (updated|created|deleted|restarted|reloaded|started|stopped|installed|upgraded|removed|enabled|disabled)\b/.exec(
        m,
      );
    if (r) {
      const restart = /restarted|reloaded|started|stopped/.test(r[3] ?? "");
      return {
        type: restart ? "restart" : "config",
        what: `chef ${r[1]}[${r[2]}] ${r[3]}`,
        phase: "effective",
        tool: "chef",
        ...(r[1] === "service" ? { service: r[2] ?? null } : {}),
      };
    }
    // Salt minion log (salt.state format_log): "File changed:" and its diff for file states, str(changes) such as
    // "{'nginx': True}" for a service that restarted or reloaded, "Made the following changes:" for packages
    if (/^File changed:/.test(m))
      return { type: "config", what: "salt file state changed", phase: "effective", tool: "salt" };
    r = /^\{'([^']+)': True\}$/.exec(m);
    if (r)
      return {
        type: "restart",
        what: `salt state ${r[1]} changed`,
        phase: "effective",
        tool: "salt",
        service: r[1] ?? null,
      };
    if (/^Made the following changes/.test(m)) {
      const what = /'([^']+)' changed from/.exec(m)?.[1];
      return { type: "config", what: `salt state changed ${what ?? "resources"}`, phase: "effective", tool: "salt" };
    }
    r = /^Succeeded: (\d+) \(changed=(\d+)\)/.exec(m);
    if (r && r[2] !== "0")
      return { type: "config", what: `salt run: ${r[2]} states changed`, phase: "effective", tool: "salt" };
    return null;
  },
};
