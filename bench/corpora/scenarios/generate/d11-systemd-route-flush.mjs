// Modelled on Datadog's 8 March 2023 outage: an automatic systemd security update restarts systemd-networkd, which
// flushes the routing policy rules the CNI installed; nodes lose pod networking. Restarting the CNI agents restores
// routes for about ten minutes, until networkd reconfigures again; turning off foreign-rule management ends it.
import {
  alertmanagerV2,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  segments,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "systemd-route-flush", half: "dev", seed: 230308 });
  const r = sc.r;
  const T = (hms) => ms(`2025-03-08T${hms}Z`);
  const from = T("05:20:00");
  const to = T("08:10:00");
  const hosts = ["intake-01", "intake-02", "intake-03", "intake-04", "intake-05", "intake-06", "intake-07"];
  const hit = ["intake-01", "intake-02", "intake-03", "intake-04", "intake-05"];
  const upgradeAt = {
    "intake-01": T("06:00:41"),
    "intake-02": T("06:02:13"),
    "intake-03": T("06:03:55"),
    "intake-04": T("06:05:20"),
    "intake-05": T("06:07:02"),
  };
  const restart = T("06:48:31");
  const reflush = T("06:59:12");
  const fixed = T("07:41:20");
  const endpoints = [
    { path: "/api/v2/series", method: "POST", weight: 55, service: "intake", rt: [0.005, 0.04] },
    { path: "/api/v2/logs", method: "POST", weight: 35, service: "intake", rt: [0.005, 0.04] },
    { path: "/api/v1/validate", weight: 10, service: "intake" },
  ];
  const rules = [];
  for (const h of hit) {
    rules.push({
      ep: null,
      hosts: [h],
      from: upgradeAt[h] + 11000,
      to: restart + 70000,
      p: 0.93,
      status: [502, 504],
      tag: "incident",
      seg: 0,
    });
    rules.push({
      ep: null,
      hosts: [h],
      from: reflush + (upgradeAt[h] - upgradeAt["intake-01"]) / 4,
      to: fixed + 60000,
      p: (t) => (t < fixed ? 0.93 : 0.93 * (1 - (t - fixed) / 60000)),
      status: [502, 504],
      tag: "incident",
      seg: 1,
    });
  }
  const reqs = traffic(r, { from, to, rate: wobble(1.3), endpoints, hosts, rules });
  writeAccess(sc, "evidence/lb/intake-lb-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    { service: "intake", endpoint: "/api/v2/series", status: "5xx", match: (q) => q.path === "/api/v2/series" },
    { service: "intake", endpoint: "/api/v2/logs", status: "5xx", match: (q) => q.path === "/api/v2/logs" },
  ]);
  const segs = segments(reqs);
  check(segs.length === 2, "two segments");

  // unattended-upgrades log on intake-01 (host clock UTC, log has no zone)
  const uu = [];
  const u = (t, lvl, text) => uu.push(`${fmt.naive(t, 0, 3).replace(".", ",")} ${lvl} ${text}`);
  const a0 = upgradeAt["intake-01"];
  u(T("05:59:58"), "INFO", "Starting unattended upgrades script");
  u(
    T("05:59:58") + 120,
    "INFO",
    "Allowed origins are: o=Ubuntu,a=jammy, o=Ubuntu,a=jammy-security, o=UbuntuESMApps,a=jammy-apps-security, o=UbuntuESM,a=jammy-infra-security",
  );
  u(T("05:59:58") + 130, "INFO", "Initial blacklist: ");
  u(T("05:59:58") + 140, "INFO", "Initial whitelist (not strict): ");
  u(
    a0,
    "INFO",
    "Packages that will be upgraded: libnss-systemd libpam-systemd libsystemd0 libudev1 systemd systemd-sysv systemd-timesyncd udev",
  );
  u(a0 + 300, "INFO", "Writing dpkg log to /var/log/unattended-upgrades/unattended-upgrades-dpkg.log");
  u(a0 + 27400, "INFO", "All upgrades installed");
  const uuFile = "evidence/hosts/intake-01/unattended-upgrades.log";
  sc.put(uuFile, uu);
  const triggerLine = sc.lineOf(uuFile, "Packages that will be upgraded");

  // syslog of three hosts
  for (const h of ["intake-01", "intake-02", "intake-06"]) {
    const sl = [];
    const s = (t, app, text) => sl.push({ t, line: `${fmt.bsd(t)} ${h} ${app}: ${text}` });
    for (let t = from; t < to; t += 60000)
      s(
        t + r.int(0, 800),
        `CRON[${r.int(10000, 60000)}]`,
        "(root) CMD (/usr/local/bin/node-healthcheck >/dev/null 2>&1)",
      );
    if (upgradeAt[h]) {
      const a = upgradeAt[h];
      s(a + 9000, "systemd[1]", "Stopping Network Configuration...");
      s(a + 9400, "systemd[1]", "systemd-networkd.service: Deactivated successfully.");
      s(a + 9900, "systemd[1]", "Starting Network Configuration...");
      s(a + 10300, `systemd-networkd[${r.int(2000, 9000)}]`, "ens5: Gained IPv6LL");
      s(a + 10500, "systemd[1]", "Started Network Configuration.");
      s(
        a + 12000,
        `cilium-agent[${r.int(2000, 9000)}]`,
        'level=warning msg="Unable to reach health endpoint" subsys=health-server',
      );
      s(
        restart + 15000,
        `cilium-agent[${r.int(2000, 9000)}]`,
        'level=info msg="Restored routing rules for endpoints" count=48 subsys=linux-datapath',
      );
      s(
        reflush - 1000,
        `systemd-networkd[${r.int(2000, 9000)}]`,
        "ens5: DHCPv4 address 10.2.7.41/20, gateway 10.2.0.1 acquired from 10.2.0.1",
      );
      s(
        reflush,
        `systemd-networkd[${r.int(2000, 9000)}]`,
        "ens5: Reconfiguring with /run/systemd/network/10-netplan-ens5.network.",
      );
      s(fixed - 20000, "systemd[1]", "Reloading Network Configuration...");
      s(
        fixed - 2000,
        `cilium-agent[${r.int(2000, 9000)}]`,
        'level=info msg="Restored routing rules for endpoints" count=51 subsys=linux-datapath',
      );
    }
    sl.sort((x, y) => x.t - y.t);
    sc.put(
      `evidence/hosts/${h}/syslog`,
      sl.map((x) => x.line),
    );
  }

  const alerts = [
    {
      name: "IntakeErrorRatioHigh",
      at: T("06:02:48"),
      summary: "intake 5xx ratio above 10%",
      end: T("07:43:00"),
      labels: { service: "intake" },
    },
    {
      name: "NodeNetworkUnreachable",
      at: T("06:03:30"),
      severity: "warning",
      summary: "5 nodes failing pod-to-pod probes",
      end: T("07:42:30"),
      labels: { cluster: "intake-us1" },
    },
  ];
  sc.put("evidence/alerts/alertmanager-alerts.json", alertmanagerV2(r, alerts));
  const P = { oc: "Laurent Blanc", ic: "Aisha Bello", net: "Pavel Novak" };
  sc.put(
    "evidence/pagerduty/incident-8808-log-entries.json",
    pagerduty(r, {
      sub: "metricsco",
      service: "intake",
      incidentNo: 8808,
      title: "IntakeErrorRatioHigh: intake 5xx ratio above 10%",
      entries: [
        { type: "trigger", at: T("06:02:53") },
        { type: "notify", at: T("06:02:55"), who: P.oc },
        { type: "acknowledge", at: T("06:06:31"), who: P.oc },
        { type: "resolve", at: T("08:02:00"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "l", name: "lblanc", real: P.oc, tz: "Europe/Paris" },
    { key: "a", name: "aisha", real: P.ic },
    { key: "p", name: "pnovak", real: P.net, tz: "Europe/Prague" },
  ];
  const msgs = [
    { at: T("06:07:00"), user: "l", text: "ack. intake 5xx, several nodes can't reach pods on other nodes" },
    {
      at: T("06:25:40"),
      user: "p",
      text: "ip rule on intake-01 is missing all the cilium rules. systemd-networkd restarted at 06:00:50",
    },
    {
      at: T("06:34:10"),
      user: "a",
      text: "IC. unattended-upgrades pulled a systemd update on every node between 06:00 and 06:07",
    },
    { at: T("06:47:55"), user: "p", text: "restarting the cilium daemonset so it reprograms the rules" },
    { at: T("06:51:20"), user: "l", text: "errors gone after the cilium restart" },
    {
      at: T("07:00:05"),
      user: "l",
      text: "no, they're back. networkd reconfigured on DHCP renewal and flushed the rules again",
    },
    {
      at: T("07:22:30"),
      user: "p",
      text: "pushing ManageForeignRoutingPolicyRules=no to the networkd config on all nodes, then restarting cilium",
    },
    { at: T("07:41:50"), user: "p", text: "config applied fleet-wide, cilium rules restored and staying" },
    { at: T("07:46:10"), user: "l", text: "intake healthy for 5 min" },
    { at: T("08:02:05"), user: "a", text: "resolving; disabling the security auto-update channel on the base image" },
  ];
  slackExport(sc, { channel: "inc-8808-intake", users, messages: msgs });
  check(alerts[0].at > imp.start, "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "2023-03-08 Incident: A Deep Dive into the Platform-level Impact (Datadog)",
        url: "https://www.datadoghq.com/blog/engineering/2023-03-08-deep-dive-into-platform-level-impact/",
      },
    ],
    story:
      "Unattended upgrades installed a systemd security update on the intake nodes from 06:00:41; the package restart of systemd-networkd flushed the routing policy rules the CNI had installed, so five of seven nodes lost pod networking and about two thirds of intake requests through them failed. A restart of the CNI agents at 06:48 restored the rules and errors stopped, but at 06:59 networkd reconfigured on a DHCP renewal and flushed them again. Disabling networkd's management of foreign routing rules fleet-wide and restarting the agents (effective 07:41:20) ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: T("06:02:55"),
      acknowledged: T("06:06:31"),
      mitigated: fixed,
      recovered: imp.end,
      resolved: T("08:02:00"),
    },
    trigger: {
      file: uuFile,
      line: triggerLine,
      effectiveAt: a0 + 10500,
      what: "unattended-upgrades installs the systemd security update; systemd-networkd restarts and flushes CNI routing rules (first node 06:00:51)",
    },
    impact: imp.rows,
    falseRecoveries: [
      { at: Math.floor(segs[0].last / 1000) * 1000, refailAt: Math.floor(segs[1].first / 1000) * 1000 },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:unattended-upgrades-log",
      "false-recovery:restart",
      "mitigation:config-push+restart",
      "syslog-rfc3164",
      "partial-host-failure",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-03-08-intake-errors",
      title: "Intake errors: nodes lost pod routes",
      severity: "SEV1",
      services: ["intake"],
      start: T("05:50:00"),
      end: T("08:05:00"),
    }),
    truth,
  );
}
