// Modelled on GitHub's 21 October 2018 incident: optical-equipment maintenance cuts the East hub for 43 s,
// the topology manager promotes West Coast primaries, writes now cross the continent and time out; the team waits
// for a decision to fail back and accept re-replaying writes, then fails the primaries back East.
import {
  alertmanagerV2,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "cross-dc-failover", half: "dev", seed: 181021 });
  const r = sc.r;
  const T = (d, hms) => ms(`2025-10-${d}T${hms}Z`);
  const from = T(21, "22:10:00");
  const to = T(22, "00:45:00");
  const cut = T(21, "22:51:58");
  const onset = T(21, "22:52:17");
  const failback = T(22, "00:09:35");
  const hosts = ["fe-east-1", "fe-east-2", "fe-east-3", "fe-east-4", "fe-east-5", "fe-east-6"];
  const writeRe = /^\/api\/v3\/repos\/[^ ]+\/(issues|pulls|comments|hooks)/;
  const endpoints = [
    { path: (x) => `/api/v3/repos/org${x.int(1, 400)}/repo${x.int(1, 50)}`, weight: 40, service: "api" },
    {
      path: (x) => `/api/v3/repos/org${x.int(1, 400)}/repo${x.int(1, 50)}/${x.pick(["issues", "pulls", "comments"])}`,
      method: "POST",
      weight: 14,
      service: "api",
      rt: [0.05, 0.3],
    },
    {
      path: (x) => `/api/v3/repos/org${x.int(1, 400)}/repo${x.int(1, 50)}/hooks/${x.int(1000, 9999)}/deliveries`,
      method: "POST",
      weight: 6,
      service: "api",
      rt: [0.05, 0.3],
    },
    {
      path: (x) =>
        `/${x.pick(["torvalds", "rails", "nodejs", "golang"])}/${x.pick(["linux", "rails", "node", "go"])}/blob/main/README.md`,
      weight: 30,
      service: "web",
      bytes: [9000, 60000],
    },
    { path: "/login", method: "POST", weight: 10, service: "web" },
  ];
  const rules = [
    {
      ep: writeRe,
      from: onset,
      to: failback + 50000,
      p: (t) => (t < failback ? 0.55 : 0.55 * (1 - (t - failback) / 50000)),
      status: [503, 504, 504],
      tag: "incident",
      rt: [4, 30],
    },
    { ep: "/login", from: onset, to: failback, p: 0.2, status: 503, tag: "incident" },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.1), endpoints, hosts, rules });
  writeAccess(sc, "evidence/envoy/front-envoy-access.log", reqs, "envoy", { ctx: { domain: "api.codehub.example" } });
  const imp = impact(reqs, [
    {
      service: "api",
      endpoint: "POST /api/v3/repos/*/{issues,pulls,comments,hooks}",
      status: "5xx",
      match: (q) => writeRe.test(q.path),
    },
    {
      service: "web",
      endpoint: "/login",
      status: "503",
      match: (q) => q.path === "/login",
      statusMatch: (s) => s === 503,
    },
  ]);

  // Ansible run by the network team (controller writes /var/log/ansible.log in its local time; the controller runs UTC)
  const an = [];
  let t = T(21, "22:41:03");
  const a = (sec, text) => {
    t += sec * 1000 + r.int(0, 800);
    an.push(`${fmt.naive(t, 0, 3).replace(".", ",")} p=48211 u=netops n=ansible | ${text}`);
  };
  a(0, "PLAY [Replace failing 100G optic on core-sw-east-2 Ethernet1/49] ****************");
  a(1, "TASK [Gathering Facts] *********************************************************");
  a(6, "ok: [core-sw-east-2]");
  a(1, "TASK [drain : shift traffic off Ethernet1/49 (cost out)] ******************************");
  a(9, "changed: [core-sw-east-2]");
  a(1, "TASK [drain : wait for link utilisation below 5%] ******************************");
  while (t < cut - 20000)
    a(60, "FAILED - RETRYING: [core-sw-east-2]: drain : wait for link utilisation below 5% (30 retries left).");
  a(3, "ok: [core-sw-east-2]");
  t = cut - 700;
  a(0, "TASK [optics : shut Ethernet1/49 for optic swap] *******************************");
  a(0, "changed: [core-sw-east-2]");
  a(43, "TASK [optics : no shut Ethernet1/49] ********************************************");
  a(2, "changed: [core-sw-east-2]");
  a(1, "TASK [verify : BGP sessions established] ****************************************");
  a(7, "ok: [core-sw-east-2]");
  a(1, "PLAY RECAP *********************************************************************");
  a(
    0,
    "core-sw-east-2             : ok=7    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0",
  );
  sc.put("evidence/netops/ansible.log", an);
  const triggerLine = sc.lineOf("evidence/netops/ansible.log", "shut Ethernet1/49 for optic swap") + 1;

  // MySQL error log of the East primary (MySQL 8 writes UTC ISO timestamps)
  const my = [];
  const m = (tt, thread, sev, code, text) =>
    my.push(`${fmt.isoOff(tt, 0, 6)} ${thread} [${sev}] [MY-${code}] [Repl] ${text}`);
  my.push(
    `${fmt.isoOff(T(21, "20:02:11"), 0, 6)} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.39'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
  );
  m(
    T(21, "22:52:03"),
    412,
    "Warning",
    "010897",
    "Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended.",
  );
  m(
    T(21, "22:52:38"),
    0,
    "System",
    "010916",
    "@@GLOBAL.GTID_PURGED was changed from '' to '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77'.",
  );
  m(
    T(21, "22:52:40"),
    0,
    "Note",
    "011271",
    "Orchestrator: instance mysql-east-1:3306 demoted; new primary mysql-west-3:3306 (cluster main)",
  );
  for (let k = 0; k < 40; k++)
    m(
      T(21, "22:53:00") + k * 95000 + r.int(0, 9000),
      512 + k,
      "ERROR",
      "010584",
      `Replica SQL for channel '': Worker 1 failed executing transaction '3e11fa47-71ca-11e1-9e33-c80aa9429562:${9120 + k}'; Error 'Duplicate entry '${r.int(100000, 999999)}' for key 'issues.PRIMARY'' on query.`,
    );
  m(
    failback - 4000,
    0,
    "System",
    "010916",
    "@@GLOBAL.read_only was changed from 'ON' to 'OFF' (graceful-master-takeover by orchestrator).",
  );
  m(failback, 0, "Note", "011271", "Orchestrator: mysql-east-1:3306 promoted to primary of cluster main");
  my.sort();
  sc.put("evidence/mysql/mysql-east-1-error.log", my);

  const alerts = [
    {
      name: "MySQLTopologyChanged",
      at: T(21, "22:53:12"),
      severity: "warning",
      summary: "Primary of cluster main moved to mysql-west-3",
      end: T(22, "00:10:30"),
    },
    {
      name: "APIWriteErrorsHigh",
      at: T(21, "22:53:46"),
      summary: "5xx on write endpoints above 20%",
      end: T(22, "00:12:00"),
    },
    {
      name: "CrossDCLatencyHigh",
      at: T(21, "22:54:30"),
      severity: "warning",
      summary: "p99 east->west MySQL RTT 71 ms",
      end: T(22, "00:11:00"),
    },
  ];
  sc.put("evidence/alerts/alertmanager-alerts.json", alertmanagerV2(r, alerts));

  const P = { oc: "Sam Okafor", ic: "Lena Brandt", db: "Ravi Menon", vp: "Helen Cho", net: "Tom Becker" };
  const pd = pagerduty(r, {
    sub: "codehub",
    service: "api-writes",
    incidentNo: 7741,
    title: "APIWriteErrorsHigh: 5xx on write endpoints above 20%",
    entries: [
      { type: "trigger", at: T(21, "22:53:51") },
      { type: "notify", at: T(21, "22:53:53"), who: P.oc },
      { type: "acknowledge", at: T(21, "22:56:12"), who: P.oc },
      { type: "escalate", at: T(21, "23:01:40"), who: P.oc, to: P.db },
      { type: "resolve", at: T(22, "00:31:47"), who: P.ic },
    ],
  });
  sc.put("evidence/pagerduty/incident-7741-log-entries.json", pd.text);
  const users = [
    { key: "sam", name: "sokafor", real: P.oc, tz: "America/New_York" },
    { key: "lena", name: "lena.b", real: P.ic, tz: "Europe/Berlin" },
    { key: "ravi", name: "ravim", real: P.db, tz: "America/Los_Angeles" },
    { key: "helen", name: "hcho", real: P.vp, tz: "America/Los_Angeles" },
    { key: "tom", name: "tbecker", real: P.net, tz: "America/New_York" },
  ];
  const askAt = T(21, "23:13:20");
  const approveAt = T(22, "00:03:41");
  const msgs = [
    { at: T(21, "22:56:40"), user: "sam", text: "ack'd APIWriteErrorsHigh. writes timing out, reads look fine" },
    {
      at: T(21, "22:58:05"),
      user: "tom",
      text: "fyi optic swap on core-sw-east-2 just finished, link was down ~43s around 22:52",
    },
    {
      at: T(21, "23:02:30"),
      user: "ravi",
      text: "orchestrator promoted mysql-west-3 as primary for main, east has writes west never saw",
    },
    { at: T(21, "23:07:10"), user: "lena", text: "IC here. locking deploys. status page to yellow" },
    {
      at: T(21, "23:13:20"),
      user: "lena",
      text: "options: fail back to east now and replay west-only writes later, or keep west. failing back needs VP sign-off (data-integrity policy). @hcho can you approve the failback?",
    },
    {
      at: T(21, "23:24:00"),
      user: "ravi",
      text: "prepping graceful-master-takeover commands in the meantime, dry-run ok",
    },
    {
      at: T(21, "23:41:15"),
      user: "lena",
      text: "still waiting on approval for the failback, paged Helen's backup as well",
    },
    {
      at: T(22, "00:03:41"),
      user: "helen",
      text: "approved: fail back to east, log the conflicting west writes for manual reconciliation",
    },
    { at: T(22, "00:08:50"), user: "ravi", text: "running graceful-master-takeover to mysql-east-1 now" },
    { at: T(22, "00:10:05"), user: "ravi", text: "east is primary again, replicas catching up" },
    { at: T(22, "00:14:30"), user: "sam", text: "write errors back to baseline" },
    {
      at: T(22, "00:31:50"),
      user: "lena",
      text: "resolving. webhooks backlog draining, reconciliation follow-up in the postmortem",
    },
  ];
  slackExport(sc, { channel: "incident-7741", users, messages: msgs });
  check(alerts[0].at > imp.start && approveAt < failback, "ordering");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "October 21 post-incident analysis (GitHub)",
        url: "https://github.blog/2018-10-30-oct21-post-incident-analysis/",
      },
    ],
    story:
      "During planned replacement of a failing 100G optic, an Ansible play shut the East hub uplink for 43 seconds. The topology manager promoted West Coast MySQL primaries, so application writes from the East crossed the continent and timed out (503/504 on write endpoints, some login failures), while reads were fine. Responders found the split topology within ten minutes, but failing back required sign-off under the data-integrity policy; the request waited 50 minutes for approval. After approval the primaries were failed back to the East (graceful master takeover) at 00:09:35 and errors stopped.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: T(21, "22:53:53"),
      acknowledged: T(21, "22:56:12"),
      mitigated: failback,
      recovered: imp.end,
      resolved: T(22, "00:31:47"),
    },
    trigger: {
      file: "evidence/netops/ansible.log",
      line: triggerLine,
      effectiveAt: cut,
      what: "Ansible play shuts core-sw-east-2 Ethernet1/49 for the optic swap (43 s partition)",
    },
    impact: imp.rows,
    waits: [
      { from: askAt, to: approveAt, what: "waiting for VP approval to fail the MySQL primaries back to the East" },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:ansible-run",
      "mitigation:failover",
      "wait:approval-50min",
      "envoy-access-log",
      "pagerduty-newest-first",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-10-21-write-timeouts",
      title: "API write timeouts after cross-DC failover",
      severity: "SEV1",
      services: ["api"],
      start: T(21, "22:45:00"),
      end: T(22, "00:40:00"),
    }),
    truth,
  );
}
