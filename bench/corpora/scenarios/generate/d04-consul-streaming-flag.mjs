// Modelled on Roblox's October 2021 outage: enabling Consul's streaming feature under high load causes contention in
// the service-discovery cluster; a cluster restart helps for a few minutes, then failures return; disabling the
// streaming flag ends it. An unrelated avatar-service deploy minutes before impact draws attention.
import {
  alertmanagerV2,
  check,
  debriefYaml,
  impact,
  iso,
  isoS,
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
  const sc = new Scenario({ id: "consul-streaming-flag", half: "dev", seed: 211028 });
  const r = sc.r;
  const T = (hms) => ms(`2025-10-28T${hms}Z`);
  const from = T("15:40:00");
  const to = T("19:10:00");
  const flagOn = T("16:21:04");
  const onset = T("16:34:50");
  const restart = T("17:40:05");
  const refail = T("17:53:20");
  const flagOff = T("18:36:12");
  const hosts = ["gw-1", "gw-2", "gw-3", "gw-4"];
  const endpoints = [
    { path: "/v1/games/join", method: "POST", weight: 20, service: "game-join", rt: [0.05, 0.3] },
    { path: (x) => `/v1/users/${x.int(1000000, 9999999)}/profile`, weight: 25, service: "users" },
    { path: (x) => `/v1/catalog/items?cursor=${x.hex(6)}`, weight: 20, service: "catalog" },
    {
      path: (x) => `/static/${x.pick(["thumb", "asset"])}/${x.hex(12)}.png`,
      weight: 35,
      service: "cdn-origin",
      bytes: [4000, 60000],
    },
  ];
  const phase = (t) => (t < restart + 80000 ? 0 : 1);
  const strength = (t) =>
    t < onset + 600000 ? 0.4 + (0.6 * (t - onset)) / 600000 : t < flagOff ? 1 : Math.max(0, 1 - (t - flagOff) / 90000);
  const rules = [
    {
      ep: "/v1/games/join",
      from: onset,
      to: restart + 80000,
      p: (t) => 0.85 * strength(t),
      status: [503, 503, 504],
      tag: "incident",
      seg: 0,
    },
    {
      ep: /^\/v1\/(users|catalog)/,
      from: onset,
      to: restart + 80000,
      p: (t) => 0.35 * strength(t),
      status: 503,
      tag: "incident",
      seg: 0,
    },
    {
      ep: "/v1/games/join",
      from: refail,
      to: flagOff + 90000,
      p: (t) => 0.85 * Math.min(1, strength(t), 0.5 + (t - refail) / 240000),
      status: [503, 503, 504],
      tag: "incident",
      seg: 1,
    },
    {
      ep: /^\/v1\/(users|catalog)/,
      from: refail,
      to: flagOff + 90000,
      p: (t) => 0.35 * Math.min(1, strength(t), 0.5 + (t - refail) / 240000),
      status: 503,
      tag: "incident",
      seg: 1,
    },
  ];
  void phase;
  const reqs = traffic(r, { from, to, rate: wobble(1.0), endpoints, hosts, rules });
  writeAccess(sc, "evidence/gateway/nginx-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    { service: "game-join", endpoint: "/v1/games/join", status: "5xx", match: (q) => q.path === "/v1/games/join" },
    {
      service: "users",
      endpoint: "/v1/users/*",
      status: "503",
      match: (q) => q.path.startsWith("/v1/users/"),
      statusMatch: (s) => s === 503,
    },
    {
      service: "catalog",
      endpoint: "/v1/catalog/items",
      status: "503",
      match: (q) => q.path.startsWith("/v1/catalog"),
      statusMatch: (s) => s === 503,
    },
  ]);
  const segs = segments(reqs);
  check(segs.length === 2, "two segments");

  // LaunchDarkly audit log (GET /api/v2/auditlog, newest first)
  const members = {
    jp: { email: "jordan.park@playco.example", firstName: "Jordan", lastName: "Park" },
    am: { email: "ana.moreira@playco.example", firstName: "Ana", lastName: "Moreira" },
    kw: { email: "kai.wu@playco.example", firstName: "Kai", lastName: "Wu" },
  };
  const item = (at, who, flagKey, flagName, action, titleVerb, env = "production") => {
    const id = r.hex(24);
    const res = `proj/infra:env/${env}:flag/${flagKey}`;
    const m = members[who];
    return {
      _links: {
        canonical: { href: `/api/v2/auditlog/${id}`, type: "application/json" },
        parent: { href: "/api/v2/auditlog", type: "application/json" },
        self: { href: `/api/v2/auditlog/${id}`, type: "application/json" },
        site: { href: `/infra/${env}/features/${flagKey}`, type: "text/html" },
      },
      _id: id,
      _accountId: "5f1a2b3c4d5e6f7a8b9c0d1e",
      date: at,
      accesses: [{ action, resource: res }],
      kind: "flag",
      name: flagName,
      description: `- ${titleVerb[0].toUpperCase()}${titleVerb.slice(1)}`,
      shortDescription: "",
      member: {
        _links: { self: { href: `/api/v2/members/${r.hex(24)}`, type: "application/json" } },
        _id: r.hex(24),
        ...m,
      },
      titleVerb,
      title: `${m.firstName} ${m.lastName} ${titleVerb} [${flagName}](https://app.launchdarkly.com/infra/${env}/features/${flagKey}) in \`${env[0].toUpperCase()}${env.slice(1)}\``,
      target: {
        _links: { canonical: { href: `/api/v2/flags/infra/${flagKey}`, type: "application/json" } },
        name: flagName,
        resources: [res],
      },
    };
  };
  const items = [
    item(flagOff, "kw", "consul-streaming-backend", "Consul streaming backend", "updateOn", "turned off the flag"),
    item(flagOn, "jp", "consul-streaming-backend", "Consul streaming backend", "updateOn", "turned on the flag"),
    item(
      T("15:52:40"),
      "am",
      "avatar-editor-v2",
      "Avatar editor v2",
      "updateFallthrough",
      "changed the default variation of the flag",
    ),
    item(
      T("14:05:12"),
      "jp",
      "consul-streaming-backend",
      "Consul streaming backend",
      "updateOn",
      "turned on the flag",
      "staging",
    ),
  ];
  const flagFile = "evidence/flags/launchdarkly-auditlog.json";
  sc.put(
    flagFile,
    `${JSON.stringify({ _links: { self: { href: "/api/v2/auditlog?limit=20", type: "application/json" } }, items, totalCount: items.length }, null, 2)}\n`,
  );
  const triggerLine = sc.lineOf(flagFile, `"date": ${flagOn}`);

  // GitHub deployments (red herring: avatar-service deploy five minutes before impact)
  const dep = (id, sha, ref, desc, created, done) => ({
    url: `https://api.github.com/repos/playco/avatar-service/deployments/${id}`,
    id,
    node_id: `DE_kwDO${r.id(12)}`,
    task: "deploy",
    original_environment: "production",
    environment: "production",
    description: desc,
    created_at: isoS(created),
    updated_at: isoS(done),
    statuses_url: `https://api.github.com/repos/playco/avatar-service/deployments/${id}/statuses`,
    repository_url: "https://api.github.com/repos/playco/avatar-service",
    creator: { login: "github-actions[bot]", id: 41898282, type: "Bot" },
    sha,
    ref,
    payload: {},
    transient_environment: false,
    production_environment: true,
    statuses: [
      {
        id: id * 10 + 2,
        state: "success",
        description: "Rollout complete: 12/12 pods updated",
        environment: "production",
        created_at: isoS(done),
        updated_at: isoS(done),
      },
      {
        id: id * 10 + 1,
        state: "in_progress",
        description: "Rolling out",
        environment: "production",
        created_at: isoS(created + 9000),
        updated_at: isoS(created + 9000),
      },
    ],
  });
  const redAt = T("16:29:42");
  const depFile = "evidence/deploys/avatar-service-deployments.json";
  sc.put(
    depFile,
    `${JSON.stringify([dep(2290118431, r.hex(40), "v3.18.0", "avatar-service v3.18.0: new hat rendering", T("16:27:10"), redAt), dep(2290017702, r.hex(40), "v3.17.4", "avatar-service v3.17.4", T("13:02:00"), T("13:04:31"))], null, 2)}\n`,
  );
  const redLine = sc.lineOf(depFile, '"state": "success"');

  const alerts = [
    {
      name: "ConsulRaftCommitTimeHigh",
      at: T("16:26:30"),
      severity: "warning",
      summary: "consul raft commit p99 above 200ms",
      end: T("18:39:00"),
      labels: { cluster: "consul-main" },
    },
    {
      name: "GameJoinFailureRatio",
      at: T("16:36:10"),
      summary: "game join failures above 25%",
      end: T("18:40:30"),
      labels: { service: "game-join" },
    },
    {
      name: "ConsulLeaderFlapping",
      at: T("16:48:00"),
      summary: "3 leader elections in 10m",
      end: T("18:37:30"),
      labels: { cluster: "consul-main" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Ana Moreira", ic: "Kai Wu", infra: "Jordan Park", hc: "Luis Ortega" };
  sc.put(
    "evidence/pagerduty/incident-90311-log-entries.json",
    pagerduty(r, {
      sub: "playco",
      service: "game-join",
      incidentNo: 90311,
      title: "GameJoinFailureRatio: game join failures above 25%",
      entries: [
        { type: "trigger", at: T("16:36:16") },
        { type: "notify", at: T("16:36:18"), who: P.oc, via: "push" },
        { type: "acknowledge", at: T("16:39:02"), who: P.oc },
        { type: "annotate", at: T("17:55:30"), who: P.ic, note: "Failures back after the consul restart" },
        { type: "resolve", at: T("19:01:44"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "ana", name: "ana.m", real: P.oc },
    { key: "kai", name: "kaiwu", real: P.ic },
    { key: "jordan", name: "jpark", real: P.infra },
    { key: "luis", name: "luis.ortega", real: P.hc, title: "vendor support" },
  ];
  const msgs = [
    { at: T("16:39:30"), user: "ana", text: "ack. joins failing, users/catalog also flaky" },
    { at: T("16:42:10"), user: "ana", text: "avatar-service v3.18.0 went out at 16:29, could that be it?" },
    {
      at: T("16:49:55"),
      user: "jordan",
      text: "avatar-service doesn't touch joins; consul looks unhealthy, leader keeps flipping",
    },
    { at: T("17:05:00"), user: "kai", text: "IC. focus on consul. KV writes taking seconds" },
    { at: T("17:38:20"), user: "jordan", text: "doing a rolling restart of all consul servers" },
    { at: T("17:43:10"), user: "ana", text: "joins recovering after the restart" },
    { at: T("17:54:45"), user: "ana", text: "and it's back, join failures climbing again" },
    {
      at: T("18:20:15"),
      user: "luis",
      text: "from the vendor side: the streaming backend has shown contention like this under heavy watch load",
    },
    { at: T("18:31:00"), user: "kai", text: "decision: turn off consul-streaming-backend in prod" },
    { at: T("18:36:40"), user: "kai", text: "flag is off, clients falling back to long-polling" },
    { at: T("18:41:30"), user: "ana", text: "join errors gone" },
    { at: T("19:01:50"), user: "kai", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-90311-joins", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Roblox Return to Service 10/28-10/31 2021",
        url: "https://blog.roblox.com/2022/01/roblox-return-to-service-10-28-10-31-2021/",
      },
    ],
    story:
      "The Consul streaming backend was turned on in production at 16:21 through a LaunchDarkly flag. Under the afternoon load the service-discovery cluster's raft commits slowed (a warning fired at 16:26) and from 16:34 game joins and, to a lesser degree, user and catalog calls failed with 503/504. An avatar-service deploy at 16:29 was suspected but unrelated. A rolling restart of the Consul servers at 17:40 brought errors back to baseline for about ten minutes before they returned at 17:53. Turning the streaming flag off at 18:36 ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("16:36:18"),
      acknowledged: T("16:39:02"),
      mitigated: flagOff,
      recovered: imp.end,
      resolved: T("19:01:44"),
    },
    trigger: {
      file: flagFile,
      line: triggerLine,
      effectiveAt: flagOn,
      what: "LaunchDarkly: consul-streaming-backend turned on in production",
    },
    redHerrings: [
      { file: depFile, line: redLine, what: "avatar-service v3.18.0 deploy completed 16:29:42, unrelated" },
    ],
    impact: imp.rows,
    precursors: [
      { file: alertFile, line: sc.lineOf(alertFile, '"alertname": "ConsulRaftCommitTimeHigh"'), at: alerts[0].at },
    ],
    falseRecoveries: [
      { at: Math.floor(segs[0].last / 1000) * 1000, refailAt: Math.floor(segs[1].first / 1000) * 1000 },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:feature-flag-audit",
      "false-recovery:restart",
      "red-herring:deploy",
      "precursor:warning-alert",
      "mitigation:flag-flip",
    ],
  });
  check(restart < segs[0].last + 120000, "restart near end of first segment");
  sc.write(
    debriefYaml({
      id: "2025-10-28-game-join-failures",
      title: "Game joins failing (service discovery)",
      severity: "SEV1",
      services: ["game-join"],
      start: T("16:15:00"),
      end: T("19:05:00"),
    }),
    truth,
  );
  void iso;
}
