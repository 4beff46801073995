// Modelled on Stack Exchange's outage of 20 July 2016: a malformed post (about 20,000 consecutive whitespace
// characters) made a whitespace-trimming regular expression backtrack on every home-page render; the home page is
// the load balancer's health check, so the servers were taken out of rotation and the whole site went down. No
// change triggered it. Here a web deploy (6 min before), a certificate renewal with an HAProxy reload (3 min before),
// an HAProxy config reload and an Unleash flag are all candidates; the web deploy is rolled back without effect.
// Hiding the post and purging the home-page cache (no deploy) brought the servers back.

import { haproxyLine } from "./changes.mjs";
import { syslog, unleashEvents } from "./changes2.mjs";
import {
  amtoolJson,
  appFormats,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "homepage-regex-health", half: "dev", seed: 160720 });
  const r = sc.r;
  const T = (hms) => ms(`2026-06-09T${hms}Z`);
  const from = T("10:10:00");
  const to = T("12:00:00");
  const haproxyReload = T("10:21:05");
  const deployDone = T("10:38:12");
  const flagAt = T("10:41:30");
  const certAt = T("10:42:01");
  const postAt = T("10:44:02");
  const slowFrom = T("10:44:31");
  const servers = Array.from({ length: 9 }, (_, i) => `web-0${i + 1}`);
  const down = Object.fromEntries(servers.map((s, i) => [s, T("10:45:18") + i * 7800 + (i % 3) * 1100]));
  const allDown = Math.max(...Object.values(down));
  const rollbackDone = T("10:56:44");
  const hidden = T("11:06:40");
  const up = Object.fromEntries(servers.map((s, i) => [s, T("11:06:52") + i * 2300]));
  const firstUp = Math.min(...Object.values(up));
  const fixDeploy = T("11:41:05");
  const lbs = ["lb-1", "lb-2"];
  const slug = (x) =>
    x.pick([
      "how-to-parse-json-in-bash",
      "why-is-my-regex-slow",
      "git-rebase-vs-merge",
      "null-pointer-in-java-stream",
      "css-grid-center-div",
    ]);
  const endpoints = [
    { path: "/", weight: 14, service: "web", rt: [0.03, 0.12] },
    { path: (x) => `/questions/${x.int(100000, 9999999)}/${slug(x)}`, weight: 42, service: "web", rt: [0.02, 0.15] },
    { path: (x) => `/users/${x.int(1000, 999999)}`, weight: 8, service: "web" },
    {
      path: (x) => `/search?q=${x.pick(["regex", "docker", "python+async", "kotlin"])}`,
      weight: 6,
      service: "web",
      rt: [0.1, 0.9],
    },
    { path: (x) => `/api/2.3/questions?site=main&page=${x.int(1, 9)}`, weight: 14, service: "web" },
    { path: "/posts/ajax-load-realtime", method: "POST", weight: 12, service: "web" },
    { path: "/questions/ask", method: "POST", weight: 4, service: "web", rt: [0.05, 0.3] },
  ];
  const rules = [
    { ep: "/", from: slowFrom, to: allDown, p: 0.9, status: 504, tag: "incident", seg: 0, rt: [30, 30.001] },
    { ep: null, from: allDown, to: firstUp, p: 1, status: 503, tag: "incident", seg: 0 },
    { ep: /^\/search/, from, to, p: 0.04, status: 504, tag: "noise", rt: [30, 30.001] },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 1.3 + 0.15 * Math.sin(t / 800000), endpoints, hosts: lbs, rules });
  for (const q of reqs) {
    const live = servers.filter((s) => !(q.t >= down[s] && q.t < up[s]));
    q.server = live.length ? r.pick(live) : null;
    q.backend = "be_web";
    if (q.status === 503 && q.tag === "incident") q.noServer = true;
    q.inEvidence = true;
  }
  const imp = impact(reqs, [
    { service: "web", endpoint: null, status: "5xx", match: () => true },
    { service: "web", endpoint: "/", status: "5xx", match: (q) => q.path === "/" },
  ]);
  check(imp.start < slowFrom + 60000, "onset");

  // HAProxy syslog per load balancer: request lines plus health-check and master-process messages
  const pids = { "lb-1": 41877, "lb-2": 39120 };
  for (const lb of lbs) {
    const lines = reqs.filter((q) => q.host === lb).map((q) => [q.t, haproxyLine(q, q.t, lb, pids[lb])]);
    for (const s of servers) {
      const i = servers.indexOf(s);
      lines.push([
        down[s],
        syslog(
          down[s],
          lb,
          "haproxy",
          pids[lb],
          `Server be_web/${s} is DOWN, reason: Layer7 timeout, check duration: 2001ms. ${8 - i} active and 0 backup servers left. ${r.int(4, 30)} sessions active, 0 requeued, 0 remaining in queue.`,
        ),
      ]);
      lines.push([
        up[s],
        syslog(
          up[s],
          lb,
          "haproxy",
          pids[lb],
          `Server be_web/${s} is UP, reason: Layer7 check passed, code: 200, check duration: ${r.int(8, 40)}ms. ${i + 1} active and 0 backup servers online. 0 sessions requeued, 0 total in queue.`,
        ),
      ]);
    }
    lines.push([allDown + 1, syslog(allDown + 1, lb, "haproxy", pids[lb], "backend be_web has no server available!")]);
    if (lb === "lb-1") {
      lines.push([haproxyReload, syslog(haproxyReload, lb, "haproxy", 1, "[NOTICE]   (1) : Reloading HAProxy")]);
      lines.push([
        haproxyReload + 300,
        syslog(haproxyReload + 300, lb, "haproxy", 1, "[WARNING]  (1) : Reexecuting Master process"),
      ]);
      lines.push([
        haproxyReload + 900,
        syslog(haproxyReload + 900, lb, "haproxy", 1, "[NOTICE]   (1) : New worker (41877) forked"),
      ]);
      lines.push([
        haproxyReload + 950,
        syslog(haproxyReload + 950, lb, "haproxy", 1, "[NOTICE]   (1) : Loading success."),
      ]);
    }
    lines.sort((a, b) => a[0] - b[0]);
    sc.put(
      `evidence/lb/${lb}-haproxy.log`,
      lines.map((x) => x[1]),
    );
  }
  const lb1 = "evidence/lb/lb-1-haproxy.log";
  const reloadLine = sc.lineOf(lb1, "Loading success.");

  // lb-2 system log: certbot renewal from cron, deploy hook reloads HAProxy
  const lb2sys = "evidence/lb/lb-2-syslog.log";
  sc.put(lb2sys, [
    syslog(T("10:17:01"), "lb-2", "CRON", 18811, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"),
    syslog(
      certAt - 1000,
      "lb-2",
      "CRON",
      19004,
      "(root) CMD (test -x /usr/bin/certbot -a \\! -d /run/systemd/system && perl -e 'sleep int(rand(43200))' && certbot -q renew --no-random-sleep-on-renew)",
    ),
    syslog(certAt, "lb-2", "systemd", 1, "Starting certbot.service - Certbot..."),
    syslog(
      certAt + 14000,
      "lb-2",
      "certbot",
      19021,
      "Renewing an existing certificate for www.stackly.example and 2 more domains",
    ),
    syslog(
      certAt + 16000,
      "lb-2",
      "certbot",
      19021,
      "Running deploy-hook command: /etc/letsencrypt/renewal-hooks/deploy/haproxy-pem.sh",
    ),
    syslog(certAt + 16500, "lb-2", "systemd", 1, "Reloading haproxy.service - HAProxy Load Balancer..."),
    syslog(certAt + 17400, "lb-2", "systemd", 1, "Reloaded haproxy.service - HAProxy Load Balancer."),
    syslog(certAt + 17600, "lb-2", "systemd", 1, "certbot.service: Deactivated successfully."),
    syslog(T("11:17:01"), "lb-2", "CRON", 21930, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"),
  ]);
  const certLine = sc.lineOf(lb2sys, "Reloaded haproxy.service");

  // web application log (pino, all servers): slow home-page renders name the post being rendered
  const app = [];
  app.push([
    postAt,
    appFormats.pino(postAt, "info", "web-04", "post created", {
      post_id: 7712093,
      kind: "answer",
      body_chars: 20617,
      route: "/posts/7712091/answer",
    }),
  ]);
  let n = 0;
  for (const q of reqs) {
    if (q.tag === "incident" && q.status === 504 && n++ % 2 === 0 && q.server)
      app.push([
        q.t + 29000,
        appFormats.pino(q.t + 29000, "warn", q.server, "render exceeded budget", {
          route: "/",
          duration_ms: r.int(28000, 31000),
          phase: "HomepageQuestionList.Summarize",
          slowest_item: "post 7712093",
          cpu_ms: r.int(27000, 29900),
        }),
      ]);
  }
  app.push([
    hidden - 5000,
    appFormats.pino(hidden - 5000, "info", "web-02", "post hidden by moderator", { post_id: 7712093, user: "sortiz" }),
  ]);
  app.push([
    hidden,
    appFormats.pino(hidden, "info", "web-02", "cache purge", { key: "homepage:*", purged: 64, user: "mbell" }),
  ]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/web/web-app.log",
    app.map((x) => x[1]),
  );

  // GitHub Actions: the web deploy 6 min before impact and its rollback during the incident
  const gha = (startAt, endAt, version, note) => {
    const out = [];
    let t = startAt;
    const s = (sec, text) => {
      t += sec * 1000 + r.int(0, 700);
      out.push(`${fmt.gha(t, r)} ${text}`);
    };
    s(0, "Requested labels: ubuntu-24.04");
    s(1, "Job defined at: stackly/web/.github/workflows/deploy.yml@refs/heads/main");
    s(4, "Job is about to start running on the runner: GitHub Actions 7 (hosted)");
    s(2, `##[group]Run ansible-playbook -i inventories/prod deploy-web.yml -e web_version=${version}`);
    s(3, "PLAY [web] *********************************************************************");
    s(1, "TASK [web : sync release] ******************************************************");
    t = endAt - 4000;
    s(0, "TASK [web : recycle app pools] *************************************************");
    s(0, `changed: [web-01] => (${note})`);
    s(1, "PLAY RECAP *********************************************************************");
    s(0, "web-01 : ok=6 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
    s(0, "##[endgroup]");
    s(1, "Cleaning up orphan processes");
    return out;
  };
  const d1 = `evidence/ci/deploy-web-run-8812.log`;
  sc.put(d1, gha(T("10:33:40"), deployDone, "2026.06.09.3", "web 2026.06.09.3"));
  const d2 = `evidence/ci/deploy-web-run-8815.log`;
  sc.put(d2, gha(T("10:52:10"), rollbackDone, "2026.06.09.2", "rollback to web 2026.06.09.2"));
  const d3 = `evidence/ci/deploy-web-run-8821.log`;
  sc.put(d3, gha(T("11:36:30"), fixDeploy, "2026.06.09.4", "web 2026.06.09.4"));

  // Unleash: a question-list redesign ramp three minutes before impact
  const flagFile = "evidence/flags/unleash-events.json";
  sc.put(
    flagFile,
    unleashEvents(r, [
      {
        at: flagAt,
        type: "feature-strategy-update",
        by: "ines.duarte@stackly.example",
        feature: "question-list-redesign",
        data: {
          id: "6f2b9a10-1c1d-4e0a-9d55-2f51a1c0e911",
          name: "flexibleRollout",
          parameters: { rollout: "25", stickiness: "default", groupId: "question-list-redesign" },
        },
        preData: {
          id: "6f2b9a10-1c1d-4e0a-9d55-2f51a1c0e911",
          name: "flexibleRollout",
          parameters: { rollout: "10", stickiness: "default", groupId: "question-list-redesign" },
        },
      },
      {
        at: T("09:02:44"),
        type: "feature-environment-enabled",
        by: "ines.duarte@stackly.example",
        feature: "question-list-redesign",
      },
    ]),
  );
  const flagLine = sc.lineOf(flagFile, '"rollout": "25"');

  const alerts = [
    {
      name: "SiteUnavailable",
      at: T("10:46:50"),
      summary: "blackbox probe https://www.stackly.example/ failing from 3 of 3 locations",
      labels: { probe: "https-home" },
    },
    {
      name: "SearchLatencyHigh",
      at: T("08:31:00"),
      severity: "warning",
      summary: "search p99 above 10s",
      labels: { service: "search" },
      receiver: "slack-web",
    },
  ];
  sc.put("evidence/alerts/amtool-alerts-1052.json", amtoolJson(r, alerts, T("10:52:20")));
  const P = { oc: "Nora Lindqvist", ic: "Aiko Tanaka", dev: "Marcus Bell", mod: "Sam Ortiz" };
  const pd = { notify: T("10:47:02"), ack: T("10:48:31"), resolve: T("11:50:15") };
  sc.put(
    "evidence/pagerduty/incident-5120-log-entries.json",
    pagerduty(r, {
      sub: "stackly",
      service: "www",
      incidentNo: 5120,
      title: "SiteUnavailable: blackbox probe failing from 3 of 3 locations",
      entries: [
        { type: "trigger", at: T("10:46:58") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("10:50:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "n", name: "nora", real: P.oc, tz: "Europe/Stockholm" },
    { key: "a", name: "aiko", real: P.ic, tz: "Asia/Tokyo" },
    { key: "m", name: "mbell", real: P.dev, tz: "America/New_York" },
    { key: "s", name: "sortiz", real: P.mod, tz: "America/Chicago" },
  ];
  const msgs = [
    {
      at: T("10:49:05"),
      user: "n",
      text: "site down, haproxy has no server available in be_web. all 9 web servers failed the health check",
    },
    {
      at: T("10:50:40"),
      user: "a",
      text: "IC. web 2026.06.09.3 deployed at 10:38, lb-2 renewed its cert and reloaded at 10:42. rolling back the web deploy first",
    },
    { at: T("10:57:05"), user: "m", text: "rollback to 2026.06.09.2 done, servers still DOWN" },
    {
      at: T("10:58:30"),
      user: "n",
      text: "web servers at 100% CPU, all in home page rendering. health check is GET /",
    },
    {
      at: T("11:01:10"),
      user: "m",
      text: "slow renders all name post 7712093, created 10:44: 20k whitespace chars, the trim regex backtracks on it",
    },
    {
      at: T("11:03:20"),
      user: "a",
      text: "decision: hide the post and purge the home page cache, fix the regex after",
    },
    { at: T("11:06:45"), user: "s", text: "post 7712093 hidden" },
    { at: T("11:07:40"), user: "n", text: "servers coming back UP in haproxy, site loads" },
    { at: T("11:42:00"), user: "m", text: "2026.06.09.4 with the regex replaced by a substring trim is out" },
    { at: T("11:50:20"), user: "a", text: "resolved" },
  ];
  slackExport(sc, { channel: "inc-5120-site-down", users, messages: msgs });
  const chatRb = slackLine(sc, "evidence/slack", "inc-5120-site-down", T("10:57:05"), "rollback to 2026.06.09.2 done");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Stack Exchange: Outage Postmortem - July 20, 2016 (regex backtracking on a malformed post; home page used as the load balancer health check)",
        url: "http://stackstatus.net/post/147710624694/outage-postmortem-july-20-2016",
      },
    ],
    story:
      "At 10:44 an answer with about 20,000 consecutive whitespace characters was posted; it appeared in the home-page list, and the whitespace-trimming regular expression backtracked on it in every home-page render. Home-page requests timed out from 10:44, and because GET / is HAProxy's health check, all nine web servers were marked DOWN by 10:46 and every request got 503. No change triggered it: a web deploy at 10:38 (rolled back at 10:56 without effect), an lb-2 certificate renewal with an HAProxy reload at 10:42, an lb-1 HAProxy reload at 10:21 and an Unleash flag ramp at 10:41 were all candidates. Hiding the post and purging the home-page cache at 11:06 let the servers pass the health check again; the regex fix was deployed at 11:41.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: hidden,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: null,
    redHerrings: [
      {
        file: d1,
        line: sc.lineOf(d1, "changed: [web-01]"),
        what: "web 2026.06.09.3 deploy 6 min before impact, unrelated",
      },
      {
        file: d2,
        line: sc.lineOf(d2, "changed: [web-01]"),
        what: "rollback of the web deploy during the incident: no effect",
      },
      { file: chatRb.file, line: chatRb.line, what: "chat announcement of the web rollback (no effect)" },
      { file: lb2sys, line: certLine, what: "certbot renewal on lb-2 with an HAProxy reload 3 min before impact" },
      { file: lb1, line: reloadLine, what: "HAProxy config reload on lb-1 at 10:21" },
      { file: flagFile, line: flagLine, what: "Unleash question-list-redesign ramp 10% -> 25% at 10:41" },
      { file: d3, line: sc.lineOf(d3, "changed: [web-01]"), what: "the regex fix deployed after recovery" },
    ],
    impact: imp.rows,
    baselineNoise: [{ file: lb1, what: "steady 504s on /search (about 4%) all morning, on both load balancers" }],
    people: Object.values(P),
    kinds: [
      "no trigger (user content: a malformed post), five candidate changes in the hour before impact",
      "red-herring:web deploy 6 min before impact (GitHub Actions running Ansible), rolled back without effect",
      "red-herring:certificate renewal from cron with an HAProxy reload 3 min before impact (syslog)",
      "red-herring:HAProxy reload (master process messages) and an Unleash flag ramp",
      "impact: home page 504 first, then every request 503 <NOSRV> once health checks fail",
      "mitigation:hide the post + cache purge (no deploy)",
      "baseline noise: 504s on /search",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-06-09-site-down",
      title: "Whole site unavailable: all web servers out of rotation",
      severity: "SEV1",
      services: ["web", "haproxy"],
      start: T("10:15:00"),
      end: T("11:55:00"),
    }),
    truth,
  );
}
