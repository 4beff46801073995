// Modelled on Fastly's 8 June 2021 outage: a valid configuration change enables a code path with a latent bug
// shipped weeks earlier; most edge caches return errors within a minute; disabling the configuration ends it.
import {
  amtoolJson,
  check,
  debriefYaml,
  impact,
  iso,
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
  const sc = new Scenario({ id: "edge-config-latent-bug", half: "sealed", seed: 210608 });
  const r = sc.r;
  const T = (hms) => ms(`2025-06-10T${hms}Z`);
  const from = T("09:00:00");
  const to = T("11:05:00");
  const enabled = T("09:46:53");
  const onset = T("09:47:09");
  const disabled = T("10:34:41");
  const hosts = ["cache-fra1", "cache-lhr2", "cache-ams3", "cache-cdg1", "cache-iad4", "cache-sjc2", "cache-nrt1"];
  const endpoints = [
    {
      path: (x) => `/assets/${x.hex(12)}.${x.pick(["jpg", "webp", "css", "js"])}`,
      weight: 55,
      service: "edge-cache",
      bytes: [3000, 120000],
    },
    {
      path: (x) => `/${x.pick(["news", "sport", "world", "business"])}/article-${x.int(10000, 99999)}`,
      weight: 30,
      service: "edge-cache",
      bytes: [30000, 90000],
    },
    {
      path: (x) => `/api/v2/feed?region=${x.pick(["eu", "us", "apac"])}`,
      weight: 15,
      service: "edge-cache",
      rt: [0.02, 0.2],
    },
  ];
  const rules = [
    {
      ep: null,
      from: onset,
      to: disabled + 50000,
      hosts: hosts.filter((h) => h !== "cache-nrt1"),
      p: (t) =>
        t < onset + 40000 ? 0.9 * ((t - onset) / 40000) : t < disabled ? 0.9 : 0.9 * (1 - (t - disabled) / 50000),
      status: 503,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.7), endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}.access.log`, reqs, "nginx", {
      filter: (q) => q.host === h,
      skewMs: h === "cache-ams3" ? 71000 : 0,
    });
  const imp = impact(reqs, [
    { service: "edge-cache", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
  ]);

  // Unleash events API (GET /api/admin/events), newest first
  const ev = (id, type, by, at, feature, env) => ({
    id,
    type,
    createdBy: by,
    createdAt: iso(at),
    data: type.startsWith("feature-environment") ? null : { name: feature },
    preData: null,
    tags: [],
    featureName: feature,
    project: "edge-config",
    environment: env,
  });
  const events = [
    ev(
      98213,
      "feature-environment-disabled",
      "sre-oncall@edgeco.example",
      disabled,
      "dynamic-dictionary-streaming",
      "production",
    ),
    ev(
      98190,
      "feature-environment-enabled",
      "integrations@customer-news.example",
      enabled,
      "dynamic-dictionary-streaming",
      "production",
    ),
    ev(98102, "feature-environment-enabled", "release-bot@edgeco.example", T("08:12:30"), "h3-origin-pool", "staging"),
    ev(97988, "feature-updated", "li.wei@edgeco.example", T("07:40:05"), "purge-batching", null),
  ];
  const flagFile = "evidence/flags/unleash-events.json";
  sc.put(flagFile, `${JSON.stringify({ version: 1, events, totalEvents: events.length }, null, 2)}\n`);
  const triggerLine = sc.lineOf(flagFile, '"id": 98190');

  const alerts = [
    {
      name: "NodeDiskLatencyHigh",
      at: T("09:31:20"),
      severity: "warning",
      summary: "disk await above 80ms on cache-nrt1",
      labels: { instance: "cache-nrt1:9100" },
      receiver: "slack-edge",
    },
    {
      name: "Edge503RatioHigh",
      at: T("09:48:04"),
      summary: "503 ratio above 50% on 6 of 7 POPs",
      labels: { job: "edge" },
    },
    {
      name: "EdgeWorkerCrashes",
      at: T("09:48:31"),
      summary: "cache worker restarts: 412 in 1m",
      labels: { job: "edge" },
    },
  ];
  const amFile = "evidence/alerts/amtool-alerts-0958.json";
  sc.put(amFile, amtoolJson(r, alerts, T("09:58:12")));

  const P = { oc: "Nadia Haddad", ic: "Li Wei", eng: "Carlos Mendes" };
  sc.put(
    "evidence/pagerduty/incident-61021-log-entries.json",
    pagerduty(r, {
      sub: "edgeco",
      service: "edge-delivery",
      incidentNo: 61021,
      title: "Edge503RatioHigh: 503 ratio above 50% on 6 of 7 POPs",
      entries: [
        { type: "trigger", at: T("09:48:09") },
        { type: "notify", at: T("09:48:11"), who: P.oc, via: "push" },
        { type: "acknowledge", at: T("09:49:02"), who: P.oc },
        { type: "resolve", at: T("10:44:30"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "n", name: "nadia", real: P.oc },
    { key: "l", name: "liwei", real: P.ic },
    { key: "c", name: "cmendes", real: P.eng },
    { key: "pd", real: "PagerDuty", bot: true },
  ];
  const msgs = [
    { at: T("09:48:10"), user: "pd", text: "Triggered #61021 Edge503RatioHigh: 503 ratio above 50% on 6 of 7 POPs" },
    { at: T("09:49:20"), user: "n", text: "ack, global 503s, cache workers crashing in every POP except nrt" },
    { at: T("09:58:40"), user: "l", text: "IC. status page posted. what changed in the last 15 minutes?" },
    {
      at: T("10:12:30"),
      user: "c",
      text: "core dumps all in the dynamic dictionary streaming path, shipped in the May release",
    },
    {
      at: T("10:27:15"),
      user: "c",
      text: "found it: a customer enabled dynamic-dictionary-streaming for production at 09:46:53, that config hits the bug",
    },
    { at: T("10:33:50"), user: "l", text: "disable it for that customer, now" },
    { at: T("10:34:55"), user: "c", text: "disabled in production" },
    { at: T("10:37:00"), user: "n", text: "workers stable, 503s gone" },
    { at: T("10:44:35"), user: "l", text: "resolving; bug fix to follow" },
  ];
  slackExport(sc, { channel: "inc-61021-global-503", users, messages: msgs });
  check(alerts[1].at > imp.start, "detection after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      { title: "Summary of June 8 outage (Fastly)", url: "https://www.fastly.com/blog/summary-of-june-8-outage" },
    ],
    story:
      "A customer enabled a valid configuration option (dynamic-dictionary-streaming) in production at 09:46:53. It exercised a latent bug in the cache software released weeks earlier, and from 09:47 cache workers crashed in six of seven POPs, returning 503 for most requests. Monitoring paged within a minute; engineers traced the crashes to the customer's configuration by 10:27 and disabled it at 10:34:41, after which errors stopped within a minute. One POP's log host clock runs 71 s ahead; an unrelated disk-latency warning had been firing on the healthy POP since 09:31.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("09:48:11"),
      acknowledged: T("09:49:02"),
      mitigated: disabled,
      recovered: imp.end,
      resolved: T("10:44:30"),
    },
    trigger: {
      file: flagFile,
      line: triggerLine,
      effectiveAt: enabled,
      what: "Unleash: dynamic-dictionary-streaming enabled in production by a customer integration",
    },
    impact: imp.rows,
    skews: [{ file: "evidence/edge/cache-ams3.access.log", offsetSeconds: 71 }],
    precursors: [{ file: amFile, line: 1, at: alerts[0].at }],
    people: Object.values(P),
    kinds: [
      "trigger:feature-flag-audit(unleash)",
      "skew:1-of-7-hosts",
      "alerts:single-line-json+precursor",
      "mitigation:flag-off",
      "healthy-host-among-failing",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-06-10-global-503",
      title: "Global 503s from edge caches",
      severity: "SEV1",
      services: ["edge-cache"],
      start: T("09:40:00"),
      end: T("11:00:00"),
    }),
    truth,
  );
}
