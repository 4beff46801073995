// Modelled on Microsoft's Azure AD incident of 15 March 2021: a scheduled key-rotation job removed a signing key that
// was still marked "retain", the key metadata (JWKS) was republished without it, and relying applications stopped
// trusting tokens signed with that key as they picked up the new metadata. Responders first reverted an unrelated
// backend deployment that was in progress (no effect); the key metadata was rolled back later. Here the identity
// service's cron job publishes the JWKS at 13:05; the API gateways only fail once their 30-minute JWKS caches
// refresh (13:27–13:34), so an openssl upgrade + nginx reload on the gateways and a login-page flag are closer in
// time. Restoring the JWKS (a rollback) and purging the gateways' caches ended it.

import { dpkgUpgrade, launchdarklyAudit, nginxError, rolloutHistory, syslog } from "./changes2.mjs";
import {
  amtoolJson,
  appFormats,
  check,
  debriefYaml,
  impact,
  k8sEvents,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "jwks-key-prune", half: "dev", seed: 210315 });
  const r = sc.r;
  const T = (hms) => ms(`2026-04-14T${hms}Z`);
  const from = T("12:30:00");
  const to = T("14:55:00");
  const idpDeploy = T("12:41:18");
  const cronAt = T("13:05:01");
  const publish = T("13:05:04");
  const dpkgAt = T("13:21:40");
  const reloadAt = T("13:21:52");
  const flagOn = T("13:24:30");
  const hosts = ["gw-1", "gw-2", "gw-3", "gw-4"];
  // each gateway's JWKS cache refreshes every 30 minutes at its own phase (all started together after 09:57)
  const refresh = { "gw-1": T("13:27:12"), "gw-2": T("13:28:41"), "gw-3": T("13:31:06"), "gw-4": T("13:33:49") };
  const flagOff = T("13:41:15");
  const undoAt = T("13:48:20");
  const restoreAt = T("14:09:30");
  const purge = { "gw-1": T("14:12:10"), "gw-2": T("14:12:12"), "gw-3": T("14:12:14"), "gw-4": T("14:12:16") };
  const auth = /^\/api\/v1\/(orders|accounts|cart|reports)/;
  const endpoints = [
    { path: (x) => `/api/v1/orders?page=${x.int(1, 6)}`, weight: 20, service: "api-gw", rt: [0.02, 0.2] },
    { path: (x) => `/api/v1/accounts/${x.int(100000, 999999)}`, weight: 18, service: "api-gw" },
    { path: "/api/v1/cart", method: "POST", weight: 14, service: "api-gw", rt: [0.03, 0.25] },
    {
      path: (x) => `/api/v1/reports/export?fmt=csv&month=2026-0${x.int(1, 3)}`,
      weight: 4,
      service: "api-gw",
      rt: [0.5, 4],
    },
    { path: "/oauth2/token", method: "POST", weight: 8, service: "api-gw" },
    {
      path: (x) => `/static/js/app.${x.pick(["3f9c1a", "77be02"])}.js`,
      weight: 22,
      service: "api-gw",
      bytes: [40000, 90000],
    },
    { path: "/api/v1/public/status", weight: 8, service: "api-gw" },
    { path: "/healthz", weight: 6, service: "api-gw", rt: [0.001, 0.004] },
  ];
  const rules = [
    // steady 504s on the slow CSV export all afternoon (baseline noise)
    { ep: /^\/api\/v1\/reports\/export/, from, to, p: 0.05, status: 504, tag: "noise", rt: [60, 60.002] },
    ...hosts.map((h) => ({
      ep: auth,
      hosts: [h],
      from: refresh[h],
      to: purge[h],
      // tokens signed with the pruned key (issued before 13:05) fail; their share falls as tokens are renewed
      p: (t) => Math.max(0.25, 0.62 - ((t - refresh[h]) / 3600000) * 0.3),
      status: 500,
      tag: "incident",
    })),
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 1.15 + 0.12 * Math.sin(t / 700000), endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/gateway/${h}.access.log`, reqs, "nginx", { filter: (q) => q.host === h });
  const imp = impact(reqs, [
    { service: "api-gw", endpoint: null, status: "500", match: () => true, statusMatch: (s) => s === 500 },
    {
      service: "api-gw",
      endpoint: "/api/v1/orders",
      status: "500",
      match: (q) => q.path.startsWith("/api/v1/orders"),
      statusMatch: (s) => s === 500,
    },
  ]);
  check(
    imp.start >= refresh["gw-1"] && imp.start < refresh["gw-1"] + 60000,
    `impact starts at gw-1 refresh (${new Date(imp.start).toISOString()})`,
  );

  // api-gw application log (zap JSON): cache refreshes, verification errors (one in three logged), purge
  const app = [];
  const kid = "k-2026-02";
  const jwksUrl = "https://id.corvel.example/.well-known/jwks.json";
  for (const h of hosts) {
    const times = [];
    for (let t = refresh[h] - 1800000; t < purge[h]; t += 1800000) times.push(t);
    for (let t = purge[h] + 1800000; t < to; t += 1800000) times.push(t);
    for (const t of times) {
      const rev = t < publish ? 4411 : t < restoreAt ? 4412 : 4413;
      app.push([
        t + 150,
        appFormats.zap(t + 150, "info", h, "jwks refreshed", {
          caller: "authn/jwks_cache.go:88",
          issuer: "https://id.corvel.example",
          url: jwksUrl,
          revision: rev,
          keys: rev === 4412 ? 2 : 3,
          ttl: "30m0s",
        }),
      ]);
    }
    app.push([
      purge[h] - 400,
      appFormats.zap(purge[h] - 400, "warn", h, "jwks cache purged by admin request", {
        caller: "authn/admin.go:41",
        remote: "10.20.4.17",
        user: "tnowak",
      }),
    ]);
    app.push([
      purge[h],
      appFormats.zap(purge[h], "info", h, "jwks refreshed", {
        caller: "authn/jwks_cache.go:88",
        issuer: "https://id.corvel.example",
        url: jwksUrl,
        revision: 4413,
        keys: 3,
        ttl: "30m0s",
      }),
    ]);
  }
  let n = 0;
  for (const q of reqs) {
    if (q.tag === "incident" && n++ % 3 === 0)
      app.push([
        q.t,
        appFormats.zap(q.t, "error", q.host, "token verification failed", {
          caller: "authn/verify.go:132",
          error: `crypto/jwt: no key with kid "${kid}" in JWKS from ${jwksUrl}`,
          path: q.path.split("?")[0],
          request_id: q.id,
        }),
      ]);
    if (q.tag === "noise" && n++ % 2 === 0)
      app.push([
        q.t,
        appFormats.zap(q.t, "warn", q.host, "upstream timeout", {
          caller: "proxy/upstream.go:210",
          upstream: "reports-svc:8080",
          path: "/api/v1/reports/export",
          request_id: q.id,
        }),
      ]);
  }
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/gateway/api-gw-app.log",
    app.map((x) => x[1]),
  );

  // identity host syslog: cron runs, the key prune + publish (trigger), the restore (rollback)
  const idp = [];
  for (let t = T("12:30:01"); t < to; t += 900000)
    idp.push([t, syslog(t, "idp-1", "CRON", r.int(20000, 29999), "(root) CMD (/usr/lib/sysstat/debian-sa1 1 1)")]);
  idp.push([
    cronAt,
    syslog(
      cronAt,
      "idp-1",
      "CRON",
      21877,
      "(idp) CMD (/opt/idp/bin/keyctl prune --publish >> /var/log/keyctl.log 2>&1)",
    ),
  ]);
  idp.push([
    cronAt + 1200,
    syslog(cronAt + 1200, "idp-1", "keyctl", 21878, "rotation policy: max_age=45d, retain flags honoured=false"),
  ]);
  idp.push([
    cronAt + 2100,
    syslog(cronAt + 2100, "idp-1", "keyctl", 21878, `pruned signing key kid=${kid} (age 52d, state=retain)`),
  ]);
  idp.push([
    publish,
    syslog(
      publish,
      "idp-1",
      "keyctl",
      21878,
      `published JWKS revision 4412 to ${jwksUrl} (keys: k-2026-03, k-2026-04; removed: ${kid})`,
    ),
  ]);
  idp.push([
    T("13:52:10"),
    syslog(
      T("13:52:10"),
      "idp-1",
      "sshd",
      30112,
      "Accepted publickey for shaddad from 10.20.4.31 port 51022 ssh2: ED25519 SHA256:Qm1x0uXr0dWcPz3K9aEJw6fM8bTn2Yv5sLh4Gq7RkIo",
    ),
  ]);
  idp.push([
    restoreAt - 2500,
    syslog(
      restoreAt - 2500,
      "idp-1",
      "sudo",
      null,
      "  shaddad : TTY=pts/0 ; PWD=/home/shaddad ; USER=idp ; COMMAND=/opt/idp/bin/keyctl restore --revision 4411 --publish",
    ),
  ]);
  idp.push([
    restoreAt,
    syslog(
      restoreAt,
      "idp-1",
      "keyctl",
      30190,
      `published JWKS revision 4413 to ${jwksUrl} (restored from 4411; keys: ${kid}, k-2026-03, k-2026-04)`,
    ),
  ]);
  idp.sort((a, b) => a[0] - b[0]);
  const idpFile = "evidence/idp/idp-1.syslog";
  sc.put(
    idpFile,
    idp.map((x) => x[1]),
  );
  const triggerLine = sc.lineOf(idpFile, "published JWKS revision 4412");
  const restoreLine = sc.lineOf(idpFile, "published JWKS revision 4413");

  // gateway host: unattended openssl upgrade and nginx reload, five minutes before impact
  const dpkgFile = "evidence/gateway/gw-1-dpkg.log";
  sc.put(dpkgFile, [
    ...dpkgUpgrade(dpkgAt, "libssl3:amd64", "3.0.15-1~deb12u1", "3.0.16-1~deb12u1"),
    ...dpkgUpgrade(dpkgAt + 6000, "openssl:amd64", "3.0.15-1~deb12u1", "3.0.16-1~deb12u1"),
  ]);
  const errFile = "evidence/gateway/gw-1.error.log";
  sc.put(errFile, [
    nginxError(
      T("12:58:41"),
      "warn",
      1187,
      '*88123 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/41/0000000413 while reading upstream, client: 203.0.113.77, server: api.corvel.example, request: "GET /api/v1/reports/export?fmt=csv&month=2026-02 HTTP/1.1", upstream: "http://127.0.0.1:9080/api/v1/reports/export?fmt=csv&month=2026-02", host: "api.corvel.example"',
    ),
    nginxError(reloadAt, "notice", 1101, "signal 1 (SIGHUP) received from 88412, reconfiguring"),
    nginxError(reloadAt, "notice", 1101, "reconfiguring"),
    nginxError(reloadAt, "notice", 1101, 'using the "epoll" event method'),
    nginxError(reloadAt, "notice", 1101, "start worker processes"),
    nginxError(reloadAt, "notice", 1101, "start worker process 88420"),
    nginxError(reloadAt, "notice", 1101, "start worker process 88421"),
    nginxError(reloadAt + 1000, "notice", 1187, "gracefully shutting down"),
    nginxError(reloadAt + 1500, "notice", 1187, "exiting"),
    nginxError(reloadAt + 1500, "notice", 1187, "exit"),
  ]);
  const reloadLine = sc.lineOf(errFile, "start worker processes");

  // LaunchDarkly: the new login page ramp (on, then off during the incident)
  const who = {
    ep: { email: "elena.petrova@corvel.example", firstName: "Elena", lastName: "Petrova" },
    tn: { email: "tomasz.nowak@corvel.example", firstName: "Tomasz", lastName: "Nowak" },
  };
  const ldFile = "evidence/flags/launchdarkly-auditlog.json";
  sc.put(
    ldFile,
    launchdarklyAudit(r, "web", [
      {
        at: flagOn,
        who: who.ep,
        flag: "new-login-page",
        name: "New login page",
        action: "updateOn",
        verb: "turned on the flag",
      },
      {
        at: flagOff,
        who: who.tn,
        flag: "new-login-page",
        name: "New login page",
        action: "updateOn",
        verb: "turned off the flag",
        comment: "INC-3318 ruling out the login page",
      },
      {
        at: T("11:02:18"),
        who: who.ep,
        flag: "checkout-address-autocomplete",
        name: "Checkout address autocomplete",
        action: "updateFallthrough",
        verb: "changed the default rule",
      },
    ]),
  );
  const flagOnLine = sc.lineOf(ldFile, '"titleVerb": "turned on the flag"');
  const flagOffLine = sc.lineOf(ldFile, '"titleVerb": "turned off the flag"');

  // Deployment events for the identity front end (the in-progress "backend change" that was reverted)
  const evFile = "evidence/k8s/identity-events.json";
  sc.put(
    evFile,
    k8sEvents(r, [
      {
        at: idpDeploy,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set idp-frontend-7c9d5b8f4 to 1",
      },
      {
        at: idpDeploy + 41000,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set idp-frontend-5f6b7d9c8 to 2 from 3",
      },
      {
        at: idpDeploy + 42000,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set idp-frontend-7c9d5b8f4 to 3 from 1",
      },
      {
        at: idpDeploy + 95000,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set idp-frontend-5f6b7d9c8 to 0 from 2",
      },
      {
        at: undoAt,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "DeploymentRollback",
        message: 'Rolled back deployment "idp-frontend" to revision 41',
      },
      {
        at: undoAt + 2000,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set idp-frontend-5f6b7d9c8 to 1 from 0",
      },
      {
        at: undoAt + 48000,
        kind: "Deployment",
        name: "idp-frontend",
        ns: "identity",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set idp-frontend-7c9d5b8f4 to 0 from 1",
      },
    ]),
  );
  const deployLine = sc.lineOf(evFile, "Scaled up replica set idp-frontend-7c9d5b8f4 to 1");
  const undoLine = sc.lineOf(evFile, "Rolled back deployment");
  sc.put(
    "evidence/k8s/idp-frontend-rollout-history.txt",
    rolloutHistory("deployment.apps", "idp-frontend", [
      [
        40,
        "kubectl set image deployment/idp-frontend idp-frontend=registry.corvel.example/identity/idp-frontend:5.8.2",
      ],
      [
        42,
        "kubectl set image deployment/idp-frontend idp-frontend=registry.corvel.example/identity/idp-frontend:5.9.0",
      ],
      [
        43,
        "kubectl set image deployment/idp-frontend idp-frontend=registry.corvel.example/identity/idp-frontend:5.8.3",
      ],
    ]),
  );

  // alerts and paging
  const alerts = [
    {
      name: "GatewayHigh5xxRatio",
      at: T("13:29:40"),
      summary: "api-gw 5xx ratio above 5% (currently 9.8%)",
      labels: { service: "api-gw" },
    },
    {
      name: "ReportsExportSlow",
      at: T("09:14:00"),
      severity: "warning",
      summary: "reports export p99 above 30s",
      labels: { service: "reports-svc" },
      receiver: "slack-api",
    },
  ];
  sc.put("evidence/alerts/amtool-alerts-1340.json", amtoolJson(r, alerts, T("13:40:05")));
  const P = { oc: "Tomasz Nowak", ic: "Grace Liu", idp: "Samir Haddad", web: "Elena Petrova" };
  const pd = { notify: T("13:29:55"), ack: T("13:32:20"), resolve: T("14:45:10") };
  sc.put(
    "evidence/pagerduty/incident-3318-log-entries.json",
    pagerduty(r, {
      sub: "corvel",
      service: "api-gw",
      incidentNo: 3318,
      title: "GatewayHigh5xxRatio: api-gw 5xx ratio above 5%",
      entries: [
        { type: "trigger", at: T("13:29:50") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("13:44:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "t", name: "tnowak", real: P.oc, tz: "Europe/Warsaw" },
    { key: "g", name: "grace.liu", real: P.ic, tz: "Europe/London" },
    { key: "s", name: "shaddad", real: P.idp, tz: "Europe/Paris" },
    { key: "e", name: "elena.p", real: P.web, tz: "Europe/Berlin" },
  ];
  const msgs = [
    {
      at: T("13:33:30"),
      user: "t",
      text: "ack. 500s from api-gw on authenticated routes, gw-1 and gw-2 so far. static and status fine",
    },
    {
      at: T("13:36:10"),
      user: "t",
      text: "gw-1 had an openssl upgrade + nginx reload at 13:21. and new-login-page went on at 13:24",
    },
    { at: T("13:38:45"), user: "e", text: "new-login-page only changes the login UI, but turning it off to be sure" },
    {
      at: T("13:43:20"),
      user: "t",
      text: "flag off, no change. now all 4 gateways failing, not only gw-1, so not the openssl upgrade either",
    },
    { at: T("13:46:05"), user: "g", text: "IC here. idp-frontend 5.9.0 went out at 12:41, revert it" },
    { at: T("13:51:30"), user: "g", text: "idp-frontend rolled back to 41. watching" },
    {
      at: T("13:58:40"),
      user: "t",
      text: 'no effect from the rollback. errors say: no key with kid "k-2026-02" in JWKS from id.corvel.example',
    },
    {
      at: T("14:03:15"),
      user: "s",
      text: "keyctl prune ran at 13:05 and removed k-2026-02 although it was marked retain. gateways cache the JWKS for 30 min, that's why they broke one by one from 13:27",
    },
    { at: T("14:06:00"), user: "g", text: "decision: restore JWKS revision 4411, then purge the gateway caches" },
    { at: T("14:09:50"), user: "s", text: "restored, revision 4413 published with k-2026-02 back" },
    { at: T("14:12:40"), user: "t", text: "purged jwks cache on gw-1..4, 500s gone" },
    { at: T("14:44:50"), user: "g", text: "resolving. keyctl cron disabled until the retain bug is fixed" },
  ];
  slackExport(sc, { channel: "inc-3318-api-gw-500", users, messages: msgs });
  const chatUndo = slackLine(sc, "evidence/slack", "inc-3318-api-gw-500", T("13:51:30"), "rolled back to 41");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Microsoft Azure: Azure Active Directory authentication errors, 15 March 2021 (preliminary root cause analysis, as quoted by the cited page)",
        url: "https://share.transistor.fm/s/e4f0344b",
      },
      {
        title: "Practical 365: Azure AD outage of March 15, 2021 (users affected as clients re-authenticated)",
        url: "https://practical365.com/azure-ad-outage-march-15-2021/",
      },
    ],
    story:
      "At 13:05 the identity service's scheduled keyctl job pruned signing key k-2026-02 although it was marked retain, and published JWKS revision 4412 without it. The API gateways cache the JWKS for 30 minutes, so nothing failed until each gateway refreshed (gw-1 at 13:27 to gw-4 at 13:34); from then on requests carrying tokens signed with the pruned key got 500 on authenticated routes. An openssl upgrade with an nginx reload on gw-1 (13:21) and the new-login-page flag (13:24) were closer in time; turning the flag off (13:41) and rolling back the idp-frontend deploy from 12:41 (13:48) changed nothing. The JWKS was restored at 14:09 and the gateways' caches purged at 14:12, which ended the errors.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: purge["gw-1"],
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: idpFile,
      line: triggerLine,
      effectiveAt: publish,
      what: "identity keyctl cron job pruned signing key k-2026-02 and published JWKS revision 4412 (effect delayed until the gateways' 30-minute JWKS caches refreshed)",
    },
    redHerrings: [
      {
        file: dpkgFile,
        line: sc.lineOf(dpkgFile, "status installed openssl:amd64"),
        what: "unattended openssl/libssl3 upgrade on gw-1, 5 min before impact",
      },
      { file: errFile, line: reloadLine, what: "nginx reload on gw-1 after the openssl upgrade" },
      { file: ldFile, line: flagOnLine, what: "new-login-page flag on 3 min before impact (login UI only)" },
      { file: ldFile, line: flagOffLine, what: "new-login-page flag off during the incident: no effect" },
      { file: evFile, line: deployLine, what: "idp-frontend 5.9.0 deploy at 12:41, unrelated" },
      { file: evFile, line: undoLine, what: "rollback of idp-frontend during the incident: no effect" },
      {
        file: idpFile,
        line: restoreLine,
        what: "JWKS restored (rollback of the trigger): part of the mitigation, completed by the cache purge",
      },
      { file: chatUndo.file, line: chatUndo.line, what: "chat announcement of the idp-frontend rollback (no effect)" },
    ],
    impact: imp.rows,
    baselineNoise: [
      {
        file: "evidence/gateway/gw-1.access.log",
        what: "steady 504s on /api/v1/reports/export (about 5%) all afternoon, on every gateway",
      },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:cron job in syslog on a dependency (identity service), effect delayed 22–29 min by the JWKS cache TTL",
      "impact staggered per gateway as caches refresh",
      "red-herring:package upgrade (dpkg.log) + nginx reload on the alerting service, closer to impact",
      "red-herring:feature flag (LaunchDarkly) 3 min before impact, flipped back without effect",
      "red-herring:deploy (Deployment events) rolled back without effect; kubectl rollout history without times",
      "mitigation:rollback of the trigger + cache purge",
      "baseline noise: 504s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-04-14-api-gw-500",
      title: "API gateway returning 500 on authenticated routes",
      severity: "SEV2",
      services: ["api-gw", "identity"],
      start: T("12:30:00"),
      end: T("14:50:00"),
    }),
    truth,
  );
}
