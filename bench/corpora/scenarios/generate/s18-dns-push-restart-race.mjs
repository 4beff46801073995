// Modelled on Salesforce's outage of 11 May 2021: a DNS configuration change was pushed to all DNS servers at once
// (outside the usual staggered rollout) by a script that restarted BIND; on many servers BIND did not come back,
// and services could no longer resolve names as cached records expired. Here an Ansible run pushes the internal
// zone config to four authoritative servers at 21:01 and restarts named; three hang. login-api fails from 21:03
// after its own Argo CD sync (21:02); rolling that sync back (21:14) changes nothing, and a passkey flag in the
// login flow went on at 20:57. Restarting named by hand (no config rollback) ended it.

import { k8sEventList } from "./changes.mjs";
import { syslog, unleashEvents } from "./changes2.mjs";
import {
  check,
  debriefYaml,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function build() {
  const sc = new Scenario({ id: "dns-push-restart-race", half: "sealed", seed: 210511 });
  const r = sc.r;
  const T = (hms) => ms(`2026-10-13T${hms}Z`);
  const from = T("20:35:00");
  const to = T("22:20:00");
  const flagAt = T("20:57:12");
  const playStart = T("21:01:02");
  const handlerEnd = T("21:01:41");
  const argoSync = T("21:02:28");
  const onset = T("21:03:05");
  const argoRollback = T("21:14:52");
  const restart = T("21:38:20");
  const restored = T("21:38:50");
  const hosts = ["login-1", "login-2", "login-3", "login-4"];
  const skewHost = "login-3";
  const skewMs = 52000;
  const endpoints = [
    { path: "/v1/login", method: "POST", weight: 22, service: "login-api", rt: [0.05, 0.3] },
    { path: "/v1/session", weight: 30, service: "login-api", rt: [0.005, 0.04] },
    { path: "/v1/token/refresh", method: "POST", weight: 18, service: "login-api" },
    { path: (x) => `/v1/avatars/${x.int(100000, 999999)}.png`, weight: 14, service: "login-api", bytes: [3000, 40000] },
    { path: "/v1/health", weight: 8, service: "login-api", rt: [0.001, 0.003] },
    { path: "/v1/password/reset", method: "POST", weight: 3, service: "login-api" },
  ];
  const dnsBound = /^\/v1\/(login|session|token\/refresh|password\/reset)$/;
  // records expire from the resolvers' caches at different times; once gone, lookups fail until named is restarted
  const p = (t) => (t < onset ? 0 : t < restored ? Math.min(0.85, 0.2 + ((t - onset) / 180000) * 0.65) : 0);
  const rules = [
    { ep: dnsBound, from: onset, to: restored, p, status: 503, tag: "incident" },
    { ep: /^\/v1\/avatars\//, from, to, p: 0.04, status: 504, tag: "noise" },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 1.2 + 0.1 * Math.sin(t / 650000), endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/envoy/${h}.log`, reqs, "envoy", {
      filter: (q) => q.host === h,
      skewMs: h === skewHost ? skewMs : 0,
      ctx: { domain: "login.brightpay.example" },
    });
  const imp = impact(reqs, [
    {
      service: "login-api",
      endpoint: "/v1/login",
      status: "503",
      match: (q) => q.path === "/v1/login",
      statusMatch: (s) => s === 503,
    },
    { service: "login-api", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
  ]);
  check(imp.start < onset + 60000, "onset");

  // login-api log (pino): lookups of its session store fail
  const app = [];
  let n = 0;
  for (const q of reqs) {
    if (q.tag !== "incident" || n++ % 3) continue;
    app.push([
      q.t,
      JSON.stringify({
        level: 50,
        time: q.t,
        pid: 7,
        hostname: q.host,
        route: q.path,
        err: { type: "Error", code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN sessions-db.corp.internal" },
        msg: "session store unreachable",
      }),
    ]);
  }
  app.push([
    argoSync - 9000,
    JSON.stringify({
      level: 30,
      time: argoSync - 9000,
      pid: 7,
      hostname: "login-1",
      version: "3.18.0",
      msg: "login-api listening on :8080",
    }),
  ]);
  app.push([
    argoRollback - 6000,
    JSON.stringify({
      level: 30,
      time: argoRollback - 6000,
      pid: 7,
      hostname: "login-1",
      version: "3.17.2",
      msg: "login-api listening on :8080",
    }),
  ]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/app/login-api.log",
    app.map((x) => x[1]),
  );

  // ansible-playbook output with the profile_tasks callback (run from a jump host, UTC)
  const pt = (t, prev, start) => {
    const d = new Date(t);
    const dur = (ms) => {
      const s = ms / 1000;
      return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${(s % 60).toFixed(3).padStart(6, "0")}`;
    };
    return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}  ${d.toISOString().slice(11, 19)} +0000 (${dur(t - prev)})       ${dur(t - start)} *******`;
  };
  const dnsHosts = ["dns-a1", "dns-a2", "dns-a3", "dns-a4"];
  const tTasks = [playStart, T("21:01:09"), T("21:01:16"), T("21:01:22"), handlerEnd];
  const an = [
    "ansible-playbook -i inventories/prod dns-authoritative.yml --limit 'dns_a' --tags zones",
    "",
    "PLAY [authoritative dns] *******************************************************",
    "",
    "TASK [Gathering Facts] *********************************************************",
    pt(tTasks[0], tTasks[0], tTasks[0]),
    ...dnsHosts.map((h) => `ok: [${h}]`),
    "",
    "TASK [bind : render named.conf.local] ******************************************",
    pt(tTasks[1], tTasks[0], tTasks[0]),
    ...dnsHosts.map((h) => `changed: [${h}]`),
    "",
    "TASK [bind : validate config] **************************************************",
    pt(tTasks[2], tTasks[1], tTasks[0]),
    ...dnsHosts.map((h) => `ok: [${h}]`),
    "",
    "RUNNING HANDLER [bind : restart named] *****************************************",
    pt(tTasks[3], tTasks[2], tTasks[0]),
    ...dnsHosts.map((h) => `changed: [${h}]`),
    "",
    "PLAY RECAP *********************************************************************",
    ...dnsHosts.map(
      (h) =>
        `${h.padEnd(26)} : ok=4    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   `,
    ),
    "",
    pt(tTasks[4], tTasks[3], tTasks[0]),
    "===============================================================================",
    "bind : restart named ------------------------------------------------------ 19.00s",
    "Gathering Facts ------------------------------------------------------------ 7.00s",
    "bind : render named.conf.local --------------------------------------------- 7.00s",
    "bind : validate config ----------------------------------------------------- 6.00s",
  ];
  const anFile = "evidence/ansible/dns-authoritative-zones.log";
  sc.put(anFile, an);
  const handlerHeader = sc.lineOf(anFile, "RUNNING HANDLER [bind : restart named]");
  const triggerLine = sc.lineOf(anFile, "changed: [dns-a1]", handlerHeader);
  const renderLine = sc.lineOf(anFile, "changed: [dns-a1]");

  // authoritative servers' syslog: named restarts; three hang while loading, a4 comes back
  const ns = [];
  for (const [i, h] of dnsHosts.entries()) {
    const t0 = T("21:01:23") + i * 4000;
    ns.push([t0, syslog(t0, h, "systemd", 1, "Stopping named.service - BIND Domain Name Server...")]);
    ns.push([t0 + 900, syslog(t0 + 900, h, "named", 2211 + i, "received control channel command 'stop'")]);
    ns.push([t0 + 1500, syslog(t0 + 1500, h, "systemd", 1, "Started named.service - BIND Domain Name Server.")]);
    ns.push([t0 + 1700, syslog(t0 + 1700, h, "named", 9031 + i, "loading configuration from '/etc/bind/named.conf'")]);
    if (h === "dns-a4") ns.push([t0 + 4200, syslog(t0 + 4200, h, "named", 9031 + i, "all zones loaded")]);
    if (h === "dns-a4") ns.push([t0 + 4300, syslog(t0 + 4300, h, "named", 9031 + i, "running")]);
    else
      ns.push([
        t0 + 31700,
        syslog(
          t0 + 31700,
          h,
          "named",
          9031 + i,
          "zone corp.internal/IN/internal: loading from master file /var/cache/bind/db.corp.internal timed out; waiting for view 'internal' lock",
        ),
      ]);
  }
  for (const [i, h] of dnsHosts.slice(0, 3).entries()) {
    const t0 = restart + i * 5000;
    ns.push([t0, syslog(t0, h, "systemd", 1, "named.service: Killing process 9031 (named) with signal SIGKILL.")]);
    ns.push([t0 + 1200, syslog(t0 + 1200, h, "systemd", 1, "Started named.service - BIND Domain Name Server.")]);
    ns.push([t0 + 3900, syslog(t0 + 3900, h, "named", 9550 + i, "all zones loaded")]);
    ns.push([t0 + 4000, syslog(t0 + 4000, h, "named", 9550 + i, "running")]);
  }
  ns.sort((a, b) => a[0] - b[0]);
  const nsFile = "evidence/dns/authoritative-syslog.log";
  sc.put(
    nsFile,
    ns.map((x) => x[1]),
  );
  const restartLine = sc.lineOf(nsFile, "Started named.service", sc.lineOf(nsFile, "SIGKILL"));

  // resolvers (unbound, errors only, epoch timestamps as unbound writes to its own log file)
  const ub = [];
  for (let t = onset - 8000; t < restored; t += r.int(4, 14) * 1000)
    ub.push(
      `[${Math.floor(t / 1000)}] unbound[4411:${r.int(0, 3)}] error: SERVFAIL <${r.pick(["sessions-db.corp.internal.", "tokens-kv.corp.internal.", "risk-score.corp.internal."])} A IN>: all servers for this domain failed, at zone corp.internal. from ${r.pick(["10.60.0.11", "10.60.0.12", "10.60.0.13"])} no server to query nameserver addresses not usable`,
    );
  const ubFile = "evidence/dns/resolver-unbound.log";
  sc.put(ubFile, ub);

  // Argo CD events: login-api sync between the push and the impact, then its rollback
  const argoFile = "evidence/k8s/argocd-login-api-events.json";
  const app0 = {
    kind: "Application",
    apiVersion: "argoproj.io/v1alpha1",
    name: "login-api",
    ns: "argocd",
    component: "argocd-application-controller",
  };
  sc.put(
    argoFile,
    k8sEventList(r, [
      { ...app0, at: argoSync - 38000, reason: "OperationStarted", message: "Initiated automated sync to '9b3e7d1'" },
      { ...app0, at: argoSync, reason: "OperationCompleted", message: "Sync operation to 9b3e7d1 succeeded" },
      {
        ...app0,
        at: argoRollback - 31000,
        reason: "OperationStarted",
        message: "Initiated rollback to 311 (4e7a1c2)",
        reporting: "argocd-server",
      },
      { ...app0, at: argoRollback, reason: "OperationCompleted", message: "Sync operation to 4e7a1c2 succeeded" },
    ]),
  );
  const syncLine = sc.lineOf(argoFile, "Sync operation to 9b3e7d1 succeeded");
  const rbLine = sc.lineOf(argoFile, "Sync operation to 4e7a1c2 succeeded");

  // Unleash: passkey prompt in the login flow, six minutes before impact
  const flagFile = "evidence/flags/unleash-events.json";
  sc.put(
    flagFile,
    unleashEvents(r, [
      {
        at: flagAt,
        type: "feature-environment-enabled",
        by: "zoe.marchand@brightpay.example",
        feature: "passkey-prompt-on-login",
      },
      {
        at: T("16:40:09"),
        type: "feature-strategy-update",
        by: "zoe.marchand@brightpay.example",
        feature: "passkey-prompt-on-login",
        data: {
          name: "flexibleRollout",
          parameters: { rollout: "100", stickiness: "default", groupId: "passkey-prompt-on-login" },
        },
        preData: {
          name: "flexibleRollout",
          parameters: { rollout: "20", stickiness: "default", groupId: "passkey-prompt-on-login" },
        },
      },
    ]),
  );
  const flagLine = sc.lineOf(flagFile, '"type": "feature-environment-enabled"');

  const P = { oc: "Kwame Mensah", ic: "Isabel Costa", dns: "Pavel Novak", login: "Zoe Marchand" };
  const pd = { notify: T("21:05:31"), ack: T("21:07:02"), resolve: T("22:05:44") };
  sc.put(
    "evidence/pagerduty/incident-2291-log-entries.json",
    pagerduty(r, {
      sub: "brightpay",
      service: "login-api",
      incidentNo: 2291,
      title: "LoginErrorRatio: login-api 5xx above 10%",
      entries: [
        { type: "trigger", at: T("21:05:27") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("21:20:00"), who: P.oc, to: P.ic },
        { type: "annotate", at: T("21:39:30"), who: P.ic, note: "named restarted on dns-a1..a3, lookups recovering" },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "k", name: "kwame", real: P.oc, tz: "Africa/Accra" },
    { key: "i", name: "isabel", real: P.ic, tz: "Europe/Lisbon" },
    { key: "p", name: "pnovak", real: P.dns, tz: "Europe/Prague" },
    { key: "z", name: "zoe.m", real: P.login, tz: "Europe/Paris" },
  ];
  const msgs = [
    {
      at: T("21:08:15"),
      user: "k",
      text: "ack. login, session and token refresh failing with 503. avatars have their usual 504s",
    },
    {
      at: T("21:10:20"),
      user: "z",
      text: "login-api 3.18.0 synced at 21:02. passkey prompt went on at 20:57 too. rolling back the sync first",
    },
    { at: T("21:15:30"), user: "z", text: "login-api rolled back to 3.17.2 in Argo" },
    { at: T("21:19:40"), user: "k", text: "no change. errors are getaddrinfo EAI_AGAIN sessions-db.corp.internal" },
    {
      at: T("21:24:05"),
      user: "i",
      text: "IC. resolvers log SERVFAIL for corp.internal, all servers for this domain failed",
    },
    {
      at: T("21:29:50"),
      user: "p",
      text: "the zones playbook restarted named on dns-a1..a4 at 21:01; a1-a3 are stuck loading, waiting for a view lock. only a4 answers",
    },
    { at: T("21:33:10"), user: "i", text: "decision: hard restart named on a1-a3, keep the new config (it validated)" },
    { at: T("21:38:45"), user: "p", text: "named restarted on a1-a3, all zones loaded" },
    { at: T("21:41:00"), user: "k", text: "503s stopped at 21:38" },
    { at: T("22:05:50"), user: "i", text: "resolving. follow-up: staggered restarts in the zones playbook" },
  ];
  slackExport(sc, { channel: "inc-2291-login-503", users, messages: msgs });
  const chatRb = slackLine(sc, "evidence/slack", "inc-2291-login-503", T("21:15:30"), "rolled back to 3.17.2");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "The Register, 19 May 2021: Salesforce outage root cause (DNS configuration change pushed to all DNS servers at once by a script that restarted BIND)",
        url: "https://www.theregister.com/2021/05/19/salesforce_root_cause/",
      },
    ],
    story:
      "At 21:01 an Ansible run pushed a new internal-zone config to the four authoritative DNS servers at once and restarted named on all of them; on dns-a1 to dns-a3 named hung while loading. As the resolvers' cached records expired, lookups of corp.internal names failed, and from 21:03 login-api's login, session and token-refresh requests returned 503. login-api's own Argo CD sync (21:02) landed between the push and the impact and was rolled back at 21:14 without effect; a passkey prompt flag in the login flow had gone on at 20:57. Hard-restarting named on the three servers at 21:38 (keeping the config) ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: T("21:05:27"),
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: restart,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: anFile,
      line: triggerLine,
      effectiveAt: handlerEnd,
      what: "Ansible dns-authoritative run: new zone config and a simultaneous named restart on all four authoritative servers (three hang)",
    },
    redHerrings: [
      {
        file: anFile,
        line: renderLine,
        what: "the config render task of the same run (validated; the simultaneous restart broke it)",
      },
      { file: argoFile, line: syncLine, what: "login-api 3.18.0 Argo CD sync between the trigger and the impact" },
      { file: argoFile, line: rbLine, what: "Argo CD rollback of login-api during the incident: no effect" },
      { file: chatRb.file, line: chatRb.line, what: "chat announcement of the login-api rollback (no effect)" },
      { file: flagFile, line: flagLine, what: "Unleash passkey-prompt-on-login enabled 6 min before impact" },
      { file: nsFile, line: restartLine, what: "hard restart of named: the mitigation" },
    ],
    impact: imp.rows,
    baselineNoise: [{ file: "evidence/envoy/login-1.log", what: "steady 504s on /v1/avatars (about 4%) all evening" }],
    skews: [{ file: `evidence/envoy/${skewHost}.log`, offsetSeconds: skewMs / 1000 }],
    errorOnlySources: [ubFile],
    people: Object.values(P),
    kinds: [
      "trigger:ansible-playbook profile_tasks output (config push + handler restart) on a dependency (authoritative DNS)",
      "errors name the dependency's names (EAI_AGAIN corp.internal), resolvers log SERVFAIL",
      "red-herring:own Argo CD sync between trigger and impact, Argo CD rollback without effect",
      "red-herring:Unleash flag in the login flow before impact",
      "mitigation:restart (no config rollback)",
      "1 of 4 hosts +52 s",
      "error-only resolver log with epoch timestamps",
      "baseline noise: 504s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-10-13-login-503",
      title: "Login and session requests failing with 503",
      severity: "SEV1",
      services: ["login-api"],
      start: T("20:45:00"),
      end: T("22:15:00"),
    }),
    truth,
  );
}
