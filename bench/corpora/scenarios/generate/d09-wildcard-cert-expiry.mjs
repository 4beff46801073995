// Modelled on Epic Games' "Expiration Date 4-6-2021": an internal wildcard TLS certificate expires; service-to-service
// calls behind the login and account APIs fail until a renewed certificate is issued and rolled out. No change
// triggered it; a certificate-expiry warning had been firing for days.
import {
  accessFormats,
  amtoolJson,
  check,
  debriefYaml,
  fmt,
  impact,
  iso,
  isoS,
  k8sEvents,
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
  const sc = new Scenario({ id: "wildcard-cert-expiry", half: "dev", seed: 210406 });
  const r = sc.r;
  const T = (hms, d = "06") => ms(`2025-04-${d}T${hms}Z`);
  const from = T("18:20:00");
  const to = T("20:20:00");
  const expiry = T("19:00:00");
  const issued = T("19:26:41");
  const hosts = ["auth-1", "auth-2", "auth-3", "auth-4"];
  const endpoints = [
    { path: "/account/api/oauth/token", method: "POST", weight: 35, service: "account-service", rt: [0.03, 0.2] },
    { path: (x) => `/account/api/public/account/${x.hex(32)}`, weight: 25, service: "account-service" },
    {
      path: (x) => `/launcher/api/public/assets/v2/platform/Windows/namespace/fn/catalogItem/${x.hex(32)}`,
      weight: 20,
      service: "launcher-service",
    },
    { path: (x) => `/static/launcher/${x.hex(10)}.png`, weight: 20, service: "launcher-service", bytes: [5000, 90000] },
  ];
  const dec = (t) => (t < issued + 20000 ? 1 : Math.max(0, 1 - (t - issued - 20000) / 60000));
  const rules = [
    {
      ep: /^\/account\/api\//,
      from: expiry + 1500,
      to: issued + 80000,
      p: (t) => 0.92 * dec(t),
      status: 503,
      tag: "incident",
    },
    {
      ep: /^\/launcher\/api\//,
      from: expiry + 1500,
      to: issued + 80000,
      p: (t) => 0.4 * dec(t),
      status: 500,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.5), endpoints, hosts, rules });
  // ALB access logs: one gzip object per load-balancer node per 5 minutes, named as S3 delivers them
  const nodes = ["10.0.1.15", "10.0.2.38"];
  const ctx = {
    lb: "prod-auth",
    domain: "account-public-service-prod.gameco.example",
    region: "us-east-1",
    tg: "prod-auth-tg",
  };
  for (let s = from; s < to; s += 300000) {
    for (const n of nodes) {
      const part = reqs.filter((q) => q.t >= s && q.t < s + 300000 && nodes[q.bytes % 2] === n);
      const end = new Date(s + 300000);
      const stamp = `${end.toISOString().slice(0, 10).replace(/-/g, "")}T${end.toISOString().slice(11, 16).replace(":", "")}Z`;
      const rel = `evidence/alb/123456789012_elasticloadbalancing_us-east-1_app.prod-auth.50dc6c495c0c9188_${stamp}_${n}_${r.id(8, "abcdefghijklmnopqrstuvwxyz0123456789")}.log.gz`;
      const lines = part.map((q) => {
        q.inEvidence = true;
        q.fromTarget = true;
        return accessFormats.alb(q, q.t, ctx);
      });
      sc.putGz(rel, lines);
    }
  }
  const imp = impact(reqs, [
    {
      service: "account-service",
      endpoint: "/account/api/*",
      status: "503",
      match: (q) => q.path.startsWith("/account/api/"),
      statusMatch: (s) => s === 503,
    },
    {
      service: "launcher-service",
      endpoint: "/launcher/api/*",
      status: "500",
      match: (q) => q.path.startsWith("/launcher/api/"),
      statusMatch: (s) => s === 500,
    },
  ]);

  // cert-manager events: the renewed certificate (the mitigation)
  const evFile = "evidence/k8s/cert-manager-events.json";
  sc.put(
    evFile,
    k8sEvents(r, [
      {
        at: issued - 52000,
        kind: "Certificate",
        apiVersion: "cert-manager.io/v1",
        name: "wildcard-internal-gameco",
        ns: "ingress",
        reason: "Issuing",
        message: "Issuing certificate as Secret was previously issued by Issuer.cert-manager.io/internal-ca-legacy",
        component: "cert-manager-certificates-trigger",
      },
      {
        at: issued - 50000,
        kind: "CertificateRequest",
        apiVersion: "cert-manager.io/v1",
        name: "wildcard-internal-gameco-2",
        ns: "ingress",
        reason: "cert-manager.io",
        message: "Certificate request has been approved by cert-manager.io",
        component: "cert-manager-certificaterequests-approver",
      },
      {
        at: issued,
        kind: "Certificate",
        apiVersion: "cert-manager.io/v1",
        name: "wildcard-internal-gameco",
        ns: "ingress",
        reason: "Issuing",
        message: "The certificate has been successfully issued",
        component: "cert-manager-certificates-issuing",
      },
    ]),
  );

  // amtool capture during the incident (one line): the expiry warning had been firing since 4 April
  const alerts = [
    {
      name: "TLSCertificateExpiringSoon",
      at: T("19:00:12", "04"),
      severity: "warning",
      summary: "*.internal.gameco.example expires in less than 48h",
      labels: { instance: "blackbox:internal-lb" },
      receiver: "email-infra",
    },
    {
      name: "AccountServiceErrorRatio",
      at: T("19:01:41"),
      summary: "account-service 5xx ratio 91%",
      labels: { service: "account-service" },
    },
    {
      name: "TLSCertificateExpired",
      at: T("19:02:12"),
      summary: "*.internal.gameco.example has expired",
      labels: { instance: "blackbox:internal-lb" },
    },
  ];
  const amFile = "evidence/alerts/amtool-alerts-1912.json";
  sc.put(amFile, amtoolJson(r, alerts, T("19:12:30")));

  // Statuspage incident history (API times carry the page's offset, here Eastern daylight time)
  const up = (at, status, body) => ({
    id: r.id(12, "abcdefghijklmnopqrstuvwxyz0123456789"),
    status,
    body,
    incident_id: "k2h8w3m9p4tq",
    created_at: fmt.isoOff(at, -240, 3),
    updated_at: fmt.isoOff(at, -240, 3),
    display_at: fmt.isoOff(at, -240, 3),
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  });
  sc.put(
    "evidence/statuspage/incidents.json",
    `${JSON.stringify(
      {
        page: {
          id: "t2k9m4x8q1z7",
          name: "GameCo",
          url: "https://status.gameco.example",
          time_zone: "America/New_York",
          updated_at: fmt.isoOff(T("20:05:00"), -240, 3),
        },
        incidents: [
          {
            id: "k2h8w3m9p4tq",
            name: "Login and purchase failures",
            status: "resolved",
            created_at: fmt.isoOff(T("19:09:30"), -240, 3),
            updated_at: fmt.isoOff(T("20:02:10"), -240, 3),
            monitoring_at: fmt.isoOff(T("19:31:00"), -240, 3),
            resolved_at: fmt.isoOff(T("20:02:10"), -240, 3),
            impact: "critical",
            shortlink: "https://stspg.io/gc482",
            started_at: fmt.isoOff(T("19:09:30"), -240, 3),
            page_id: "t2k9m4x8q1z7",
            incident_updates: [
              up(T("20:02:10"), "resolved", "Logins and purchases have been working normally for 30 minutes."),
              up(T("19:31:00"), "monitoring", "A fix has been applied and logins are recovering."),
              up(T("19:09:30"), "investigating", "We are investigating failures to log in and to purchase items."),
            ],
            components: [{ id: "c1", name: "Login", status: "operational" }],
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
  // support tickets exported from the help desk; the account's time zone is US Eastern and the CSV has no offset
  const tk = ["Id,Subject,Status,Requester,Created at,Tags"];
  let id = 731200;
  for (let t = T("19:04:00"); t < T("19:40:00"); t += r.int(40, 200) * 1000)
    tk.push(
      `${id++},"${r.pick(["Can't log in", "Login error 503", "Purchase failed", "Kicked from match"])}",${r.pick(["open", "solved"])},player${r.int(10000, 99999)}@mail.example,${fmt.naive(t, -240)},login`,
    );
  sc.put("evidence/support/helpdesk-tickets.csv", tk);

  const P = { oc: "Rosa Jimenez", ic: "Daniel Kim", sec: "Fatima Noor", sre: "Will Harper" };
  sc.put(
    "evidence/pagerduty/incident-66120-log-entries.json",
    pagerduty(r, {
      sub: "gameco",
      service: "account-service",
      incidentNo: 66120,
      title: "AccountServiceErrorRatio: account-service 5xx ratio 91%",
      entries: [
        { type: "trigger", at: T("19:01:46") },
        { type: "notify", at: T("19:01:48"), who: P.oc },
        { type: "acknowledge", at: T("19:04:03"), who: P.oc },
        { type: "resolve", at: T("20:02:30"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "rj", name: "rosa", real: P.oc, tz: "America/New_York" },
    { key: "dk", name: "dkim", real: P.ic, tz: "America/New_York" },
    { key: "fn", name: "fatima", real: P.sec, tz: "America/New_York" },
    { key: "wh", name: "wharper", real: P.sre, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    {
      at: T("19:04:30"),
      user: "rj",
      text: "ack. account-service failing almost everything, upstream TLS handshake errors to internal services",
    },
    {
      at: T("19:09:05"),
      user: "wh",
      text: "x509: certificate has expired or is not yet valid, *.internal.gameco.example, notAfter 19:00 UTC",
    },
    {
      at: T("19:11:40"),
      user: "dk",
      text: "IC. the expiry warning went to the infra email list two days ago. who can issue from the internal CA?",
    },
    { at: T("19:18:20"), user: "fn", text: "switching the Certificate to the new issuer, cert-manager will reissue" },
    { at: T("19:27:10"), user: "fn", text: "new cert issued and the ingress picked it up" },
    { at: T("19:29:30"), user: "rj", text: "errors dropping, logins succeeding" },
    { at: T("20:02:35"), user: "dk", text: "resolved. audit of all certs from that CA tomorrow" },
  ];
  slackExport(sc, { channel: "inc-66120-login", users, messages: msgs });
  check(alerts[1].at > imp.start, "detection after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Expiration Date 4-6-2021 (Epic Games)",
        url: "https://www.epicgames.com/site/en-US/expiration-date-4-6-2021",
      },
    ],
    story:
      "The wildcard certificate for internal service names expired at 19:00 UTC. Service-to-service calls behind the login and account APIs failed their TLS handshakes, so about 90% of account requests returned 503 and launcher catalog calls partly failed, while static content was fine. An expiry warning had been firing to an email list since 4 April. The error-ratio alert paged at 19:01; responders identified the certificate within ten minutes and had cert-manager reissue it from the current CA, which completed at 19:26:41, after which errors stopped within two minutes. No change triggered it.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("19:01:48"),
      acknowledged: T("19:04:03"),
      mitigated: issued,
      recovered: imp.end,
      resolved: T("20:02:30"),
    },
    trigger: null,
    impact: imp.rows,
    zones: [
      {
        file: "evidence/support/helpdesk-tickets.csv",
        utcOffsetMinutes: -240,
        zone: "America/New_York",
        marked: "none",
      },
    ],
    precursors: [{ file: amFile, line: 1, at: alerts[0].at }],
    people: Object.values(P),
    kinds: [
      "no-trigger:certificate-expiry",
      "alerts:single-line-json+precursor",
      "alb-logs-gzip-5min-objects",
      "statuspage",
      "zone:tickets-csv-eastern-zoneless",
      "mitigation:cert-reissue",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-04-06-login-failures",
      title: "Login and purchase failures",
      severity: "SEV1",
      services: ["account-service"],
      start: T("18:45:00"),
      end: T("20:10:00"),
    }),
    truth,
  );
  void iso;
  void isoS;
  void writeAccess;
}
