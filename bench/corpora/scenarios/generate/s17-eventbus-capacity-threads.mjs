// Modelled on AWS's summary of the Amazon Kinesis event of 25 November 2020: a small addition of capacity to the
// front-end fleet raised the number of OS threads every front-end server needs (one per peer) past the configured
// limit; hours later the front ends could no longer build their shard-map caches and requests failed, taking
// dependent services with them. Removing the added capacity and a slow restart ended it. Here the Terraform apply
// (plain output in a Jenkins log) grows the event-bus front ends at 07:14; orders-api fails from 07:47 at the
// morning peak, after its own deploy, a flag change and a certificate renewal. Reverting the apply (a rollback)
// and restarting the front ends recovered it gradually.

import { logfmt } from "./changes.mjs";
import { flagsmithAudit, jenkinsLog, syslog } from "./changes2.mjs";
import {
  check,
  debriefYaml,
  fmt,
  impact,
  k8sEvents,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "eventbus-capacity-threads", half: "sealed", seed: 201125 });
  const r = sc.r;
  const T = (hms) => ms(`2026-09-16T${hms}Z`);
  const from = T("06:50:00");
  const to = T("09:20:00");
  const applyDone = T("07:14:37");
  const flagAt = T("07:40:20");
  const ownDeploy = T("07:43:10");
  const certAt = T("07:45:01");
  const onset = T("07:47:30");
  const hpaAt = T("07:53:12");
  const undoAt = T("08:02:30");
  const revertDone = T("08:32:10");
  const restartFrom = T("08:34:00");
  const restartTo = T("08:57:00");
  const hosts = ["edge-1", "edge-2", "edge-3"];
  const endpoints = [
    { path: "/v1/orders", method: "POST", weight: 16, service: "orders-api", rt: [0.05, 0.4] },
    { path: "/v1/events/ingest", method: "POST", weight: 14, service: "orders-api", rt: [0.01, 0.08] },
    { path: (x) => `/v1/orders/${x.int(4000000, 4999999)}`, weight: 26, service: "orders-api" },
    {
      path: (x) => `/v1/catalog/items?cat=${x.pick(["shoes", "coats", "bags", "hats"])}`,
      weight: 30,
      service: "catalog",
    },
    { path: (x) => `/v1/reports/daily?store=${x.int(100, 180)}`, weight: 4, service: "reports", rt: [0.4, 2.5] },
    { path: "/v1/ping", weight: 10, service: "edge", rt: [0.001, 0.003] },
  ];
  // morning ramp; the front ends break at the peak; after the revert, restarted front ends rejoin over ~25 min
  const rate = (t) => 0.9 + 0.6 * Math.min(1, Math.max(0, (t - from) / 3600000)) + 0.05 * Math.sin(t / 300000);
  const p = (t) => {
    if (t < onset) return 0;
    if (t < onset + 120000) return 0.2 + (0.7 * (t - onset)) / 120000;
    if (t < restartFrom) return 0.9;
    if (t < restartTo) return 0.9 * (1 - (t - restartFrom) / (restartTo - restartFrom));
    return 0;
  };
  const rules = [
    { ep: /^\/v1\/(orders|events\/ingest)$/, from: onset, to: restartTo, p, status: 503, tag: "incident" },
    { ep: /^\/v1\/reports\/daily/, from, to, p: 0.05, status: 502, tag: "noise" },
  ];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}.access.log`, reqs, "nginx", { filter: (q) => q.host === h });
  const imp = impact(reqs, [
    {
      service: "orders-api",
      endpoint: "/v1/orders",
      status: "503",
      match: (q) => q.path === "/v1/orders" && q.method === "POST",
      statusMatch: (s) => s === 503,
    },
    {
      service: "orders-api",
      endpoint: "/v1/events/ingest",
      status: "503",
      match: (q) => q.path === "/v1/events/ingest",
      statusMatch: (s) => s === 503,
    },
  ]);
  check(imp.start < onset + 60000, "onset");

  // orders-api log (logfmt): publish failures name the event-bus front end
  const app = [];
  let n = 0;
  for (const q of reqs) {
    if (q.tag !== "incident" || n++ % 3) continue;
    const fe = `eventbus-fe-${r.pick(["0a1", "0b7", "1c2", "1d9", "2e4", "2f0"])}`;
    app.push([
      q.t,
      logfmt(q.t, "error", "publish failed", {
        route: q.path,
        stream: q.path === "/v1/orders" ? "order-events" : "client-events",
        err: `eventbus: PutRecords: 503 ServiceUnavailable from ${fe}.eventbus.internal (shard map not ready)`,
        request_id: q.id,
      }),
    ]);
  }
  app.push([ownDeploy - 50000, logfmt(ownDeploy - 50000, "info", "starting orders-api", { version: "7.2.0", pid: 1 })]);
  app.push([undoAt + 30000, logfmt(undoAt + 30000, "info", "starting orders-api", { version: "7.1.4", pid: 1 })]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/app/orders-api.log",
    app.map((x) => x[1]),
  );

  // event-bus front-end error log (only errors are logged): thread exhaustion once the fleet grew
  const feHosts = [
    "eventbus-fe-0a1",
    "eventbus-fe-0b7",
    "eventbus-fe-1c2",
    "eventbus-fe-1d9",
    "eventbus-fe-2e4",
    "eventbus-fe-2f0",
  ];
  const fe = [];
  for (let t = onset - 20000; t < restartTo; t += r.int(15, 40) * 1000) {
    const h = r.pick(feHosts);
    const frac = t < restartFrom ? 1 : 1 - (t - restartFrom) / (restartTo - restartFrom);
    if (r() > frac) continue;
    fe.push(
      `${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")} ERROR [shardmap] ${h} cache rebuild failed: pthread_create: Resource temporarily unavailable (threads=${r.int(12289, 12420)} limit=12288 peers=${t < revertDone ? 30 : 24})`,
    );
  }
  const feFile = "evidence/eventbus/frontend-errors.log";
  sc.put(feFile, fe);

  // Jenkins: the capacity apply and its revert (plain terraform output)
  const tf = (desired, at) => [
    [1, "+ terraform apply -input=false -auto-approve tfplan"],
    [null, "aws_autoscaling_group.eventbus_frontend: Modifying... [id=eventbus-frontend-prod]", at - 2100],
    [null, `aws_autoscaling_group.eventbus_frontend: Modifications complete after 2s [id=eventbus-frontend-prod]`, at],
    [0, ""],
    [0, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."],
    [0, `Outputs:`],
    [0, `eventbus_frontend_desired = ${desired}`],
  ];
  const jApply = "evidence/ci/jenkins-eventbus-capacity-412.log";
  sc.put(
    jApply,
    jenkinsLog(r, applyDone - 20000, { user: "Oskar Lindgren", job: "eventbus-capacity", agent: "infra-agent-3" }, [
      [2, "[Pipeline] stage (Plan)"],
      [1, "+ terraform plan -input=false -out=tfplan -var frontend_desired=30"],
      [6, "  # aws_autoscaling_group.eventbus_frontend will be updated in-place"],
      [0, '  ~ resource "aws_autoscaling_group" "eventbus_frontend" {'],
      [0, "      ~ desired_capacity = 24 -> 30"],
      [0, "      ~ max_size         = 24 -> 30"],
      [0, "    }"],
      [0, "Plan: 0 to add, 1 to change, 0 to destroy."],
      [1, "[Pipeline] stage (Apply)"],
      ...tf(30, applyDone),
    ]),
  );
  const jRevert = "evidence/ci/jenkins-eventbus-capacity-413.log";
  sc.put(
    jRevert,
    jenkinsLog(r, revertDone - 18000, { user: "Oskar Lindgren", job: "eventbus-capacity", agent: "infra-agent-3" }, [
      [2, "[Pipeline] stage (Plan)"],
      [1, "+ terraform plan -input=false -out=tfplan -var frontend_desired=24"],
      [6, "  # aws_autoscaling_group.eventbus_frontend will be updated in-place"],
      [0, '  ~ resource "aws_autoscaling_group" "eventbus_frontend" {'],
      [0, "      ~ desired_capacity = 30 -> 24"],
      [0, "      ~ max_size         = 30 -> 24"],
      [0, "    }"],
      [0, "Plan: 0 to add, 1 to change, 0 to destroy."],
      [1, "[Pipeline] stage (Apply)"],
      ...tf(24, revertDone),
      [2, "[Pipeline] stage (Restart front ends)"],
      [1, "+ ./scripts/rolling-restart.sh eventbus-frontend-prod --batch 2 --wait-healthy"],
    ]),
  );
  const triggerLine = sc.lineOf(jApply, "Modifications complete after 2s");
  const revertLine = sc.lineOf(jRevert, "Modifications complete after 2s");

  // orders-api's own deploy (GitHub Actions) four minutes before impact
  const gha = [];
  let t = ownDeploy - 95000;
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 800);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Requested labels: ubuntu-24.04");
  step(1, "Job defined at: harbor-retail/orders-api/.github/workflows/deploy.yml@refs/heads/main");
  step(3, "Job is about to start running on the runner: GitHub Actions 31 (hosted)");
  step(
    2,
    "##[group]Run kubectl -n orders set image deployment/orders-api orders-api=ghcr.io/harbor-retail/orders-api:7.2.0",
  );
  step(1, "deployment.apps/orders-api image updated");
  step(0, "##[endgroup]");
  step(0, "##[group]Run kubectl -n orders rollout status deployment/orders-api --timeout=10m");
  t = ownDeploy - 700;
  step(0, 'deployment "orders-api" successfully rolled out');
  step(0, "##[endgroup]");
  step(1, "Cleaning up orphan processes");
  const ghaFile = "evidence/ci/orders-api-deploy-run-30417.log";
  sc.put(ghaFile, gha);
  const ownLine = sc.lineOf(ghaFile, "successfully rolled out");

  // Kubernetes events: HPA scale-out and the rollback of orders-api
  const evFile = "evidence/k8s/orders-events.json";
  sc.put(
    evFile,
    k8sEvents(r, [
      {
        at: hpaAt,
        kind: "HorizontalPodAutoscaler",
        apiVersion: "autoscaling/v2",
        name: "orders-api",
        ns: "orders",
        reason: "SuccessfulRescale",
        message: "New size: 12; reason: cpu resource utilization (percentage of request) above target",
        component: "horizontal-pod-autoscaler",
      },
      {
        at: hpaAt + 1000,
        kind: "Deployment",
        name: "orders-api",
        ns: "orders",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set orders-api-6b8d9f7c4 to 12 from 8",
      },
      {
        at: undoAt,
        kind: "Deployment",
        name: "orders-api",
        ns: "orders",
        reason: "DeploymentRollback",
        message: 'Rolled back deployment "orders-api" to revision 57',
      },
      {
        at: undoAt + 1500,
        kind: "Deployment",
        name: "orders-api",
        ns: "orders",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set orders-api-5c7f8e6d9 to 3 from 0",
      },
      {
        at: undoAt + 60000,
        kind: "Deployment",
        name: "orders-api",
        ns: "orders",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set orders-api-6b8d9f7c4 to 0 from 3",
      },
    ]),
  );
  const undoLine = sc.lineOf(evFile, "Rolled back deployment");
  const hpaLine = sc.lineOf(evFile, "New size: 12");

  // edge-2 syslog: certificate renewal from cron and nginx reload
  const edgeSys = "evidence/edge/edge-2-syslog.log";
  sc.put(edgeSys, [
    syslog(T("07:17:01"), "edge-2", "CRON", 7712, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"),
    syslog(certAt, "edge-2", "CRON", 7801, "(root) CMD (/usr/local/bin/renew-edge-certs.sh)"),
    syslog(certAt + 9000, "edge-2", "certbot", 7810, "Renewing an existing certificate for api.harbor-retail.example"),
    syslog(
      certAt + 11000,
      "edge-2",
      "systemd",
      1,
      "Reloading nginx.service - A high performance web server and a reverse proxy server...",
    ),
    syslog(
      certAt + 11600,
      "edge-2",
      "systemd",
      1,
      "Reloaded nginx.service - A high performance web server and a reverse proxy server.",
    ),
    syslog(T("08:17:01"), "edge-2", "CRON", 9920, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"),
  ]);
  const certLine = sc.lineOf(edgeSys, "Reloaded nginx.service");

  // Flagsmith: an unrelated banner flag seven minutes before impact
  const fsFile = "evidence/flags/flagsmith-audit.json";
  sc.put(
    fsFile,
    flagsmithAudit(r, "storefront", [
      {
        at: flagAt,
        log: "Flag state / Remote config value updated for feature: promo_banner_autumn",
        author: { email: "mei.tanaka@harbor-retail.example", first: "Mei", last: "Tanaka" },
      },
      {
        at: T("06:12:33"),
        log: "Flag state / Remote config value updated for feature: checkout_split_shipping",
        author: { email: "mei.tanaka@harbor-retail.example", first: "Mei", last: "Tanaka" },
      },
    ]),
  );
  const flagLine = sc.lineOf(fsFile, "promo_banner_autumn");

  const P = { oc: "Rafael Souza", ic: "Hannah Becker", infra: "Oskar Lindgren", orders: "Mei Tanaka" };
  const alertAt = T("07:49:40");
  const og = { notify: alertAt + 2400, ack: T("07:52:05"), close: T("09:10:30") };
  sc.put(
    "evidence/opsgenie/alert-logs.json",
    opsgenie(r, [
      {
        at: alertAt,
        log: "Alert created via Prometheus integration with message: OrdersPublishErrors: orders-api 5xx on POST /v1/orders above 20% [critical]",
        owner: "System",
      },
      { at: alertAt + 2000, log: "Alert is assigned to escalation [orders_escalation]", owner: "System" },
      {
        at: og.notify,
        log: "Notified rafael.souza@harbor-retail.example via voice call",
        type: "alertRecipient",
        owner: "rafael.souza@harbor-retail.example",
      },
      {
        at: og.ack,
        log: "Acknowledged by rafael.souza@harbor-retail.example via App",
        type: "alertAction",
        owner: "rafael.souza@harbor-retail.example",
      },
      {
        at: og.close,
        log: "Alert closed by hannah.becker@harbor-retail.example via Web",
        type: "alertAction",
        owner: "hannah.becker@harbor-retail.example",
      },
    ]),
  );
  const users = [
    { key: "r", name: "rafael", real: P.oc, tz: "Europe/Lisbon" },
    { key: "h", name: "hannah.b", real: P.ic, tz: "Europe/Berlin" },
    { key: "o", name: "oskar", real: P.infra, tz: "Europe/Stockholm" },
    { key: "m", name: "mei", real: P.orders, tz: "Europe/Dublin" },
  ];
  const msgs = [
    {
      at: T("07:53:30"),
      user: "r",
      text: "ack. POST /v1/orders and /v1/events/ingest 503, reads fine. orders-api 7.2.0 went out at 07:43",
    },
    { at: T("07:58:10"), user: "h", text: "IC. roll back orders-api to 7.1.4" },
    {
      at: T("08:04:20"),
      user: "m",
      text: "rolled back orders-api to 7.1.4, still failing: publish failed, eventbus PutRecords 503 shard map not ready",
    },
    {
      at: T("08:09:45"),
      user: "r",
      text: "eventbus front ends: pthread_create failing, threads above 12288 on every front end",
    },
    {
      at: T("08:14:30"),
      user: "o",
      text: "we grew eventbus-frontend from 24 to 30 at 07:14. each front end keeps a thread per peer, the extra peers plus the morning load crossed the limit",
    },
    { at: T("08:20:05"), user: "h", text: "decision: revert to 24 and restart the front ends two at a time" },
    { at: T("08:32:30"), user: "o", text: "revert applied (24), rolling restart started" },
    { at: T("08:58:40"), user: "r", text: "no 503 since 08:57, all front ends healthy" },
    { at: T("09:10:40"), user: "h", text: "closing. thread limit raise + cellularisation as follow-ups" },
  ];
  slackExport(sc, { channel: "inc-orders-publish-503", users, messages: msgs });
  const chatUndo = slackLine(sc, "evidence/slack", "inc-orders-publish-503", T("08:04:20"), "rolled back orders-api");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Summary of the Amazon Kinesis Event in the Northern Virginia (US-EAST-1) Region, 25 November 2020 (as summarised in an incident database entry citing aws.amazon.com/message/11201)",
        url: "https://byu-se.github.io/idb/incidents/41.html",
      },
    ],
    story:
      "At 07:14 a Terraform apply run from Jenkins grew the event-bus front-end fleet from 24 to 30 instances. Every front end keeps one thread per peer; with the extra peers and the morning peak the front ends passed their 12,288-thread limit at about 07:47, could no longer rebuild their shard-map caches, and answered PutRecords with 503, so orders-api's order and event publishing failed. orders-api's own deploy (07:43), a Flagsmith flag (07:40) and a certificate renewal with an nginx reload on edge-2 (07:45) were closer in time; rolling orders-api back at 08:02 changed nothing. Reverting the apply at 08:32 and restarting the front ends two at a time recovered publishing gradually by 08:57.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: og.notify,
      acknowledged: og.ack,
      mitigated: revertDone,
      recovered: imp.end,
      resolved: og.close,
    },
    trigger: {
      file: jApply,
      line: triggerLine,
      effectiveAt: applyDone,
      what: "Terraform apply (Jenkins build 412): eventbus_frontend autoscaling group 24 -> 30 instances; the front ends' per-peer threads exceed the limit at the morning peak 33 min later",
    },
    redHerrings: [
      { file: ghaFile, line: ownLine, what: "orders-api 7.2.0 deploy (GitHub Actions) 4 min before impact" },
      { file: evFile, line: undoLine, what: "rollback of orders-api during the incident: no effect" },
      { file: chatUndo.file, line: chatUndo.line, what: "chat announcement of the orders-api rollback (no effect)" },
      { file: edgeSys, line: certLine, what: "certificate renewal with nginx reload on edge-2, 2.5 min before impact" },
      { file: fsFile, line: flagLine, what: "Flagsmith promo_banner_autumn change 7 min before impact" },
      { file: evFile, line: hpaLine, what: "HPA scale-out of orders-api after impact (a consequence)" },
      {
        file: jRevert,
        line: revertLine,
        what: "revert apply 30 -> 24 (rollback of the trigger): the mitigation, with a rolling restart",
      },
    ],
    impact: imp.rows,
    baselineNoise: [
      { file: "evidence/edge/edge-1.access.log", what: "steady 502s on /v1/reports/daily (about 5%) all morning" },
    ],
    errorOnlySources: [feFile],
    people: Object.values(P),
    kinds: [
      "trigger:terraform plain output in a Jenkins log (capacity addition), effect 33 min later at the morning peak",
      "trigger on a dependency (event bus); errors name its front ends",
      "red-herring:own deploy 4 min before impact (GitHub Actions) and its rollback without effect (Deployment events)",
      "red-herring:certificate renewal + nginx reload (syslog), Flagsmith flag, HPA scale-out",
      "mitigation:revert apply (rollback of the trigger) + rolling restart, gradual recovery",
      "error-only source",
      "baseline noise: 502s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-09-16-orders-publish-503",
      title: "Order creation and event ingest failing with 503",
      severity: "SEV1",
      services: ["orders-api", "eventbus"],
      start: T("07:00:00"),
      end: T("09:15:00"),
    }),
    truth,
  );
}
