// Modelled on Proxyclick's status-page report "Visitor app down for users" (expired service principal, gateway
// certificate not renewed; timeline in CEST): the credential used to refresh the gateway certificate expired, the
// certificate lapsed and logins failed until the principal was renewed by hand. No change triggered it.
import {
  check,
  debriefYaml,
  fmt,
  impact,
  iso,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "expired-principal-gateway-cert", half: "sealed", seed: 240612 });
  const r = sc.r;
  const T = (hms) => ms(`2025-06-12T${hms}Z`);
  const CEST = 120;
  const from = T("13:40:00");
  const to = T("17:30:00");
  const lapse = T("14:31:37");
  const fixed = T("15:41:12");
  const gap = [T("15:00:01"), T("15:04:19")];
  const hosts = ["gw-weu-1", "gw-weu-2"];
  const endpoints = [
    { path: "/api/v2/auth/token", method: "POST", weight: 25, service: "visitor-api", rt: [0.05, 0.3] },
    {
      path: (x) => `/api/v2/companies/${x.int(1000, 9999)}/visits?date=2025-06-12`,
      weight: 30,
      service: "visitor-api",
    },
    { path: (x) => `/api/v2/kiosk/${x.hex(8)}/checkin`, method: "POST", weight: 15, service: "visitor-api" },
    {
      path: (x) => `/app/${x.hex(10)}.${x.pick(["js", "css", "svg"])}`,
      weight: 30,
      service: "web-app",
      bytes: [5000, 180000],
    },
  ];
  const dec = (t) => (t < fixed + 30000 ? 1 : Math.max(0, 1 - (t - fixed - 30000) / 60000));
  const rules = [
    {
      ep: /^\/api\/v2\//,
      from: lapse + 2000,
      to: fixed + 90000,
      p: (t) => 0.97 * dec(t),
      status: 502,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.9), endpoints, hosts, rules });
  writeAccess(sc, "evidence/gateway/access.log", reqs, "nginx", { gaps: [gap] });
  const imp = impact(reqs, [
    {
      service: "visitor-api",
      endpoint: "/api/v2/*",
      status: "502",
      match: (q) => q.path.startsWith("/api/v2/"),
      statusMatch: (s) => s === 502,
    },
  ]);

  // perimeter firewall: RFC 3164 kernel lines in local time (CEST), no zone
  const fw = [];
  const k = (t, text) =>
    fw.push({
      t,
      line: `${fmt.bsd(t, CEST)} fw-bru-1 kernel: [${(3312000.5 + (t - from) / 1000 + r() / 1000).toFixed(6)}] ${text}`,
    });
  for (let t = from; t < to; t += r.int(15, 150) * 1000)
    k(
      t,
      `[UFW BLOCK] IN=eth0 OUT= MAC=00:50:56:a1:2b:3c:00:1c:73:00:00:99:08:00 SRC=198.51.100.${r.int(2, 250)} DST=10.30.0.${r.int(2, 30)} LEN=40 TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65000)} PROTO=TCP SPT=${r.int(1024, 65000)} DPT=${r.pick([22, 445, 3389, 8080])} WINDOW=1024 RES=0x00 SYN URGP=0`,
    );
  for (let t = lapse + 1000; t < fixed; t += r.int(20, 90) * 1000)
    k(
      t,
      `[UFW AUDIT] IN=eth1 OUT=eth0 SRC=10.30.0.${r.int(2, 30)} DST=20.50.2.${r.int(2, 250)} LEN=52 PROTO=TCP SPT=${r.int(30000, 60000)} DPT=443 RST ACK URGP=0`,
    );
  fw.sort((a, b) => a.t - b.t);
  const fwFile = "evidence/firewall/fw-bru-1-kern.log";
  sc.put(
    fwFile,
    fw.map((x) => x.line),
  );

  // Opsgenie alert log
  const created = T("14:33:04");
  sc.put(
    "evidence/opsgenie/login-errors-alert-logs.json",
    opsgenie(r, [
      {
        at: created,
        log: "Alert created via Azure Monitor integration with message: Application Gateway backend 5xx above 20%",
        type: "system",
        owner: "System",
      },
      {
        at: created + 2000,
        log: "Notified ines.peeters@visitco.example via mobile push",
        type: "alertRecipient",
        owner: "ines.peeters@visitco.example",
      },
      {
        at: T("14:35:02"),
        log: "Acknowledged by ines.peeters@visitco.example via App",
        type: "alertAction",
        owner: "ines.peeters@visitco.example",
      },
      {
        at: T("17:12:10"),
        log: "Alert closed by ines.peeters@visitco.example via Web",
        type: "alertAction",
        owner: "ines.peeters@visitco.example",
      },
    ]),
  );
  // support tickets, exported with the help desk's local time (CEST), no offset
  const tk = ["Ticket ID,Created,Subject,Priority,Status"];
  let id = 52011;
  for (let t = T("14:51:10"); t < T("15:40:00"); t += r.int(120, 600) * 1000)
    tk.push(
      `${id++},${fmt.naive(t, CEST).slice(0, 16)},"${r.pick(["Kiosk shows 'something went wrong' at login", "Cannot validate credentials", "Visitors cannot check in"])}",${r.pick(["High", "Urgent"])},Closed`,
    );
  sc.put("evidence/support/tickets.csv", tk);
  // Statuspage history (page time zone Europe/Brussels)
  const upd = (at, status, body) => ({
    id: r.id(12, "abcdefghijklmnopqrstuvwxyz0123456789"),
    status,
    body,
    incident_id: "8zbs4s9xk7",
    created_at: fmt.isoOff(at, CEST, 3),
    updated_at: fmt.isoOff(at, CEST, 3),
    display_at: fmt.isoOff(at, CEST, 3),
    affected_components: null,
    deliver_notifications: true,
  });
  sc.put(
    "evidence/statuspage/incidents.json",
    `${JSON.stringify({ page: { id: "p1q2r3s4t5u6", name: "VisitCo", url: "https://status.visitco.example", time_zone: "Europe/Brussels", updated_at: fmt.isoOff(T("17:12:30"), CEST, 3) }, incidents: [{ id: "8zbs4s9xk7", name: "Visitor app down for users", status: "resolved", created_at: fmt.isoOff(T("14:58:00"), CEST, 3), updated_at: fmt.isoOff(T("17:12:30"), CEST, 3), monitoring_at: fmt.isoOff(T("16:05:00"), CEST, 3), resolved_at: fmt.isoOff(T("17:12:30"), CEST, 3), impact: "critical", started_at: fmt.isoOff(T("14:58:00"), CEST, 3), page_id: "p1q2r3s4t5u6", incident_updates: [upd(T("17:12:30"), "resolved", "The issue is resolved."), upd(T("16:05:00"), "monitoring", "A fix has been applied; we are monitoring."), upd(T("14:58:00"), "investigating", "Users cannot log in to the visitor app. We are investigating.")] }] }, null, 2)}\n`,
  );
  const P = { oc: "Ines Peeters", infra: "Thomas Janssens", cs: "Lotte Maes" };
  const users = [
    { key: "i", name: "ines", real: P.oc, tz: "Europe/Brussels" },
    { key: "t", name: "thomas.j", real: P.infra, tz: "Europe/Brussels" },
    { key: "l", name: "lotte", real: P.cs, tz: "Europe/Brussels" },
  ];
  const msgs = [
    { at: T("14:35:30"), user: "i", text: "ack. gateway returns 502 on all API calls, backends look healthy" },
    {
      at: T("14:50:20"),
      user: "t",
      text: "gateway listener cert expired at 14:31 UTC. auto-renewal failed: the service principal it uses expired",
    },
    { at: T("14:52:00"), user: "l", text: "first customer ticket in: kiosk can't validate credentials" },
    {
      at: T("15:30:00"),
      user: "t",
      text: "new client secret for the principal created, re-running the certificate sync",
    },
    { at: T("15:41:40"), user: "t", text: "principal updated, gateway has the new certificate" },
    { at: T("15:44:00"), user: "i", text: "logins working again" },
    { at: T("17:12:20"), user: "i", text: "closing. action: alert on service principal expiry" },
  ];
  slackExport(sc, { channel: "inc-visitor-app-down", users, messages: msgs });
  check(created > imp.start, "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Proxyclick status: Visitor app down for users (expired service principal)",
        url: "https://status.proxyclick.com/incidents/8zbs4s9xk76f",
      },
    ],
    story:
      "The service principal that the certificate sync used had expired, so the application gateway's certificate was not renewed and lapsed at 14:31:37 UTC. From then on nearly every API call through the gateway failed with 502 while static app files were served; the alert fired at 14:33 and the first customer ticket arrived at 14:51. An engineer created a new secret for the principal and re-ran the sync; the gateway had a valid certificate at 15:41:12 and errors stopped. No change triggered it. The firewall log and the ticket export are in local time (CEST) without a zone, and the gateway log lost four minutes at its hourly rotation.",
    milestones: {
      impactStart: imp.start,
      detected: created,
      paged: created + 2000,
      acknowledged: T("14:35:02"),
      mitigated: fixed,
      recovered: imp.end,
      resolved: T("17:12:10"),
    },
    trigger: null,
    impact: imp.rows,
    zones: [
      { file: fwFile, utcOffsetMinutes: CEST, zone: "Europe/Brussels", marked: "none" },
      { file: "evidence/support/tickets.csv", utcOffsetMinutes: CEST, zone: "Europe/Brussels", marked: "none" },
    ],
    gaps: [{ file: "evidence/gateway/access.log", from: gap[0], to: gap[1] }],
    people: Object.values(P),
    kinds: [
      "no-trigger:credential/certificate-expiry",
      "zone:cest-zoneless-firewall+tickets",
      "gap:rotation",
      "opsgenie",
      "statuspage",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-06-12-visitor-app-down",
      title: "Visitor app down: gateway certificate expired",
      severity: "SEV1",
      services: ["visitor-api"],
      start: T("14:15:00"),
      end: T("17:20:00"),
    }),
    truth,
  );
  void iso;
}
