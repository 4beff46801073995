import type { ChangeRecogniser } from "./change-recogniser.js";

/**
 * Puppet agent and Chef client runs as they appear in syslog/journald: Puppet's "Applied catalog in N seconds" and
 * resource lines ("(/Stage[main]/…/Service[x]) Triggered 'refresh'", "… content changed"), Chef's "Chef Client
 * finished, 3/120 resources updated". Salt minion "Executing state …" / highstate summaries count too.
 */
export const configManagementRecogniser: ChangeRecogniser = {
  id: "config-management",
  documentation:
    "https://www.puppet.com/docs/puppet/8/man/agent (agent log messages), https://docs.chef.io/ctl_chef_client/ (run summary), https://docs.saltproject.io/en/latest/ref/states/highstate.html",
  hint: /Applied catalog|Triggered 'refresh'|changed|Chef (?:Client|Infra Client) finished|Succeeded: \d+ \(changed=/,
  samples: [
    "Applied catalog in 6.41 seconds",
    "(/Stage[main]/Postgresql::Server::Service/Service[postgresqld]) Triggered 'refresh' from 2 events",
    "Chef Infra Client finished, 3/120 resources updated in 41 seconds",
  ],
  recognise(e) {
    const m = e.message;
    let r = /^Applied catalog in ([\d.]+) seconds/.exec(m);
    if (r) return { type: "config", what: `puppet catalog applied (${r[1]} s)`, phase: "effective", tool: "puppet" };
    r = /^\(([^)]+)\) (Triggered 'refresh'|\w+ changed|ensure changed)/.exec(m);
    if (r) {
      const resource = /(\w+\[[^\]]+\])(?:\/\w+)?$/.exec(r[1] ?? "")?.[1] ?? r[1] ?? "";
      return {
        type: /Service\[/.test(resource) ? "restart" : "config",
        what: `puppet ${resource} ${r[2]}`,
        phase: r[2]?.startsWith("Triggered") ? "effective" : "started",
        tool: "puppet",
      };
    }
    r = /^Chef (?:Infra )?Client finished, (\d+)\/(\d+) resources updated/.exec(m);
    if (r && r[1] !== "0")
      return { type: "config", what: `chef run: ${r[1]}/${r[2]} resources updated`, phase: "effective", tool: "chef" };
    return null;
  },
};
