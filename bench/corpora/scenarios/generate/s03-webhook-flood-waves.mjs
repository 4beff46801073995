// Modelled on CircleCI's July 2015 "DB performance issue": after a GitHub outage, push hooks came back at an
// intensity never seen before, and the build queue, built on the main database, locked up. Here the provider
// re-delivers its backlog in waves about an hour apart, each wave locking the queue tables again, until intake is
// throttled. No change of ours triggered it.
import {
  check,
  debriefYaml,
  impact,
  ms,
  pagerduty,
  Scenario,
  segments,
  slackExport,
  traffic,
  truthDoc,
  webhookPayload,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "webhook-flood-waves", half: "sealed", seed: 150707 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-09T${hms}Z`);
  const from = T("19:30:00");
  const to = T("23:40:00");
  const waves = [
    [T("20:17:20"), T("20:41:10")],
    [T("21:36:05"), T("21:52:40")],
    [T("22:49:30"), T("23:09:12")],
  ];
  const throttled = T("23:08:20");
  const hosts = ["api-1", "api-2", "api-3", "api-4"];
  const endpoints = [
    { path: "/hooks/github", method: "POST", weight: 35, service: "hooks", rt: [0.01, 0.08] },
    {
      path: (x) => `/api/v1.1/project/github/org${x.int(1, 3000)}/repo${x.int(1, 40)}/${x.int(1, 90000)}`,
      weight: 35,
      service: "api",
      rt: [0.02, 0.3],
    },
    { path: (x) => `/assets/${x.hex(10)}.js`, weight: 30, service: "static", bytes: [10000, 150000] },
  ];
  const rate = (t) => wobble(0.7, 0.1)(t) * (waves.some(([a, b]) => t >= a && t < b) ? 1.35 : 1);
  const rules = waves.flatMap(([a, b], i) => [
    { ep: "/hooks/github", from: a, to: b, p: 0.8, status: [503, 504], tag: "incident", seg: i, rt: [5, 30] },
    { ep: /^\/api\//, from: a + 30000, to: b, p: 0.55, status: [500, 504], tag: "incident", seg: i, rt: [5, 30] },
  ]);
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  writeAccess(sc, "evidence/nginx/api-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    { service: "hooks", endpoint: "/hooks/github", status: "5xx", match: (q) => q.path === "/hooks/github" },
    { service: "api", endpoint: "/api/v1.1/project/*", status: "5xx", match: (q) => q.path.startsWith("/api/") },
  ]);
  const segs = segments(reqs);
  check(segs.length === 3, "three waves");
  for (let i = 1; i < 3; i++) check(segs[i].first - segs[i - 1].last >= 45 * 60000, "waves >= 45 min apart");

  sc.put(
    "evidence/alerts/alertmanager-webhook-2019.json",
    webhookPayload(r, [
      {
        name: "BuildQueueStalled",
        at: T("20:19:02"),
        summary: "dequeue rate below 1/min with 4k queued builds",
        labels: { service: "scheduler" },
      },
      { name: "HooksErrorRatio", at: T("20:19:30"), summary: "hooks 5xx above 40%", labels: { service: "hooks" } },
    ]),
  );
  const P = { oc: "Kevin Moss", ic: "Rita Alves", db: "Jonas Weber", cs: "Mina Park" };
  sc.put(
    "evidence/pagerduty/incident-2015-log-entries.json",
    pagerduty(r, {
      sub: "buildco",
      service: "build-queue",
      incidentNo: 2015,
      title: "BuildQueueStalled: dequeue rate below 1/min with 4k queued builds",
      entries: [
        { type: "trigger", at: T("20:19:07") },
        { type: "notify", at: T("20:19:09"), who: P.oc },
        { type: "acknowledge", at: T("20:21:44"), who: P.oc },
        {
          type: "annotate",
          at: T("21:37:30"),
          who: P.oc,
          note: "Second wave of GitHub hook re-deliveries, queue locked again",
        },
        { type: "annotate", at: T("22:51:02"), who: P.ic, note: "Third wave. Throttling hook intake" },
        { type: "resolve", at: T("23:31:40"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "k", name: "kmoss", real: P.oc, tz: "America/Los_Angeles" },
    { key: "r", name: "rita", real: P.ic, tz: "America/Los_Angeles" },
    { key: "j", name: "jonas", real: P.db, tz: "Europe/Berlin" },
    { key: "m", name: "mina.cs", real: P.cs, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    {
      at: T("20:22:10"),
      user: "k",
      text: "ack. GitHub hooks are back after their outage and arriving way faster than normal. queue tables locked",
    },
    { at: T("20:30:45"), user: "j", text: "dozens of queries waiting on the builds row locks, killing the oldest" },
    { at: T("20:42:30"), user: "k", text: "wave passed, dequeue rate recovering. leaving the incident open" },
    { at: T("21:37:00"), user: "k", text: "second wave of re-deliveries from GitHub, same lock pile-up" },
    { at: T("21:40:20"), user: "m", text: "customers asking on twitter why builds don't start, second time today" },
    {
      at: T("22:50:40"),
      user: "r",
      text: "IC. third wave. GitHub status says they are replaying the backlog in batches. we throttle hook intake to 50/s",
    },
    { at: T("23:08:40"), user: "j", text: "hook throttle live, excess hooks get 429 and are retried by GitHub later" },
    { at: T("23:12:30"), user: "k", text: "queue draining normally" },
    { at: T("23:31:45"), user: "r", text: "resolving; post-mortem on using the DB as a queue" },
  ];
  slackExport(sc, { channel: "inc-2015-build-queue", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "CircleCI: DB performance issue (July 2015)",
        url: "https://status.circleci.com/incidents/hr0mm9xmm3x6",
      },
    ],
    story:
      "After an outage at the code host, its push hooks came back in large re-delivery waves. Each wave (20:17, 21:36, 22:49) piled up row locks on the build queue tables in the main database, so hook deliveries and API calls failed for 15-25 minutes. Between waves the system looked healthy; one page stayed open and annotations and chat tie the three bursts together. Throttling hook intake at 23:08:20 ended the last wave. No change of ours triggered it.",
    milestones: {
      impactStart: imp.start,
      detected: T("20:19:02"),
      paged: T("20:19:09"),
      acknowledged: T("20:21:44"),
      mitigated: throttled,
      recovered: imp.end,
      resolved: T("23:31:40"),
    },
    trigger: null,
    impact: imp.rows,
    intermittent: true,
    people: Object.values(P),
    kinds: ["no-trigger:external-provider", "intermittent:3-waves-over-3h", "mitigation:throttle"],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-09-build-queue",
      title: "Builds not starting: queue locked by hook floods",
      severity: "SEV2",
      services: ["hooks", "api"],
      start: T("20:05:00"),
      end: T("23:35:00"),
    }),
    truth,
  );
}
