// Modelled on Sentry's "Transaction ID Wraparound in Postgres" (July 2015): write volume grew until autovacuum could
// not keep up; PostgreSQL stopped accepting writes to avoid wraparound and event ingestion failed for hours, until
// the team truncated a large table and vacuumed in single-user mode. No change triggered it.
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
  const sc = new Scenario({ id: "xid-wraparound", half: "dev", seed: 150720 });
  const r = sc.r;
  const T = (hms) => ms(`2025-01-20T${hms}Z`);
  const CST = -360;
  const from = T("14:20:00");
  const to = T("18:10:00");
  const stop = T("15:04:31");
  const writable = T("17:38:12");
  const hosts = ["ingest-1", "ingest-2", "ingest-3", "ingest-4"];
  const endpoints = [
    { path: (x) => `/api/${x.int(1, 900)}/store/`, method: "POST", weight: 60, service: "ingest", rt: [0.005, 0.05] },
    {
      path: (x) => `/api/0/organizations/org-${x.int(1, 300)}/issues/?query=is:unresolved`,
      weight: 25,
      service: "web",
      rt: [0.05, 0.5],
    },
    { path: (x) => `/_static/dist/sentry/${x.hex(8)}.js`, weight: 15, service: "web", bytes: [20000, 200000] },
  ];
  const rules = [
    {
      ep: /^\/api\/\d+\/store\/$/,
      from: stop + 2000,
      to: writable + 30000,
      p: (t) => (t < writable ? 0.96 : 0.96 * (1 - (t - writable) / 30000)),
      status: 503,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.8), endpoints, hosts, rules });
  writeAccess(sc, "evidence/nginx/ingest-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    {
      service: "ingest",
      endpoint: "POST /api/{project}/store/",
      status: "503",
      match: (q) => /^\/api\/\d+\/store\/$/.test(q.path),
      statusMatch: (s) => s === 503,
    },
  ]);

  // PostgreSQL server log, log_timezone = America/Chicago, log_line_prefix = '%m [%p] '
  const pg = [];
  const L = (t, pid, text) => pg.push({ t, text: `${fmt.naive(t, CST, 3)} CST [${pid}] ${text}` });
  for (let t = from; t < to; t += 300000) {
    L(t + 1200, 88, "LOG:  checkpoint starting: time");
    L(
      t + 271000 + r.int(0, 9000),
      88,
      `LOG:  checkpoint complete: wrote ${r.int(900, 4000)} buffers (${(r() * 3).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(8, 30)} recycled; write=269.8${r.int(10, 99)} s, sync=0.0${r.int(10, 99)} s, total=270.1${r.int(10, 99)} s; sync files=${r.int(100, 400)}, longest=0.0${r.int(10, 99)} s, average=0.001 s; distance=${r.int(100000, 400000)} kB, estimate=${r.int(100000, 400000)} kB`,
    );
  }
  let left = 11000000;
  for (let t = from + 40000; t < stop; t += r.int(20, 90) * 1000) {
    left -= r.int(200000, 260000);
    const pid = r.int(20000, 40000);
    L(t, pid, `WARNING:  database "sentry" must be vacuumed within ${Math.max(left, 1000001)} transactions`);
    L(
      t + 1,
      pid,
      "HINT:  To avoid a database shutdown, execute a database-wide VACUUM in that database.\n\tYou might also need to commit or roll back old prepared transactions, or drop stale replication slots.",
    );
  }
  L(
    T("13:02:00"),
    31220,
    'LOG:  automatic vacuum to prevent wraparound of table "sentry.public.sentry_message": index scans: 0',
  );
  for (let t = stop; t < writable; t += r.int(3, 25) * 1000) {
    const pid = r.int(20000, 40000);
    L(t, pid, 'ERROR:  database is not accepting commands to avoid wraparound data loss in database "sentry"');
    L(
      t + 1,
      pid,
      "HINT:  Stop the postmaster and vacuum that database in single-user mode.\n\tYou might also need to commit or roll back old prepared transactions, or drop stale replication slots.",
    );
    L(
      t + 2,
      pid,
      `STATEMENT:  INSERT INTO "sentry_message" ("group_id", "message", "datetime", "project_id", "data") VALUES (${r.int(1e6, 9e6)}, 'TypeError', '2025-01-20 ${fmt.naive(t, 0).slice(11)}', ${r.int(1, 900)}, '...') RETURNING "sentry_message"."id"`,
    );
  }
  L(T("16:58:40"), 1, "LOG:  received fast shutdown request");
  L(T("16:58:41"), 1, "LOG:  aborting any active transactions");
  L(T("16:58:44"), 1, "LOG:  database system is shut down");
  L(T("17:37:55"), 1, "LOG:  database system was shut down at 2025-01-20 10:58:44 CST");
  L(T("17:38:12"), 1, "LOG:  database system is ready to accept connections");
  pg.sort((a, b) => a.t - b.t);
  sc.put(
    "evidence/postgres/postgresql-2025-01-20.log",
    pg.map((x) => x.text),
  );

  const alerts = [
    {
      name: "PostgresXIDWraparoundApproaching",
      at: T("11:41:30"),
      severity: "warning",
      summary: "datfrozenxid age of sentry above 1.9 billion",
      end: T("17:40:00"),
      labels: { instance: "pg-main-1" },
    },
    {
      name: "IngestErrorRatioHigh",
      at: T("15:06:50"),
      summary: "store endpoint 5xx ratio above 50%",
      end: T("17:40:30"),
      labels: { service: "ingest" },
    },
    {
      name: "PostgresDown",
      at: T("16:59:20"),
      summary: "pg-main-1 not responding",
      end: T("17:38:40"),
      labels: { instance: "pg-main-1" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Chris Doyle", ic: "Dana Fox", db: "Marta Silva", cto: "Evan Ross" };
  sc.put(
    "evidence/pagerduty/incident-1520-log-entries.json",
    pagerduty(r, {
      sub: "errtrack",
      service: "ingest",
      incidentNo: 1520,
      title: "IngestErrorRatioHigh: store endpoint 5xx ratio above 50%",
      entries: [
        { type: "trigger", at: T("15:06:55") },
        { type: "notify", at: T("15:06:57"), who: P.oc },
        { type: "acknowledge", at: T("15:09:20"), who: P.oc },
        { type: "resolve", at: T("17:55:02"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "c", name: "cdoyle", real: P.oc, tz: "America/Chicago" },
    { key: "d", name: "dfox", real: P.ic, tz: "America/Chicago" },
    { key: "m", name: "marta", real: P.db, tz: "America/Chicago" },
    { key: "e", name: "evan", real: P.cto, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    {
      at: T("15:09:50"),
      user: "c",
      text: "ack. every store request is 503, postgres refuses writes: not accepting commands to avoid wraparound",
    },
    {
      at: T("15:14:30"),
      user: "m",
      text: "xid age hit the hard limit. the wraparound warning has been firing since this morning",
    },
    { at: T("15:40:00"), user: "m", text: "vacuum freeze on sentry_message would take many hours at this size" },
    {
      at: T("16:20:15"),
      user: "d",
      text: "IC. plan: stop postgres, truncate sentry_message (event bodies are in nodestore), vacuum in single-user mode",
    },
    { at: T("16:55:00"), user: "e", text: "ok to lose the message table, go" },
    { at: T("16:58:30"), user: "m", text: "stopping postgres now" },
    {
      at: T("17:38:30"),
      user: "m",
      text: "truncate + single-user vacuum done, postgres is back up and accepting writes",
    },
    { at: T("17:42:10"), user: "c", text: "ingest succeeding, backlog draining" },
    { at: T("17:55:05"), user: "d", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-1520-ingest-down", users, messages: msgs });
  check(alerts[1].at > imp.start && alerts[0].at < imp.start, "precursor before, detection after");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Transaction ID Wraparound in Postgres (Sentry)",
        url: "https://blog.sentry.io/transaction-id-wraparound-in-postgres/",
      },
    ],
    story:
      "Write volume had grown until autovacuum could no longer freeze old transaction IDs on the main database; a wraparound warning had been firing since 11:41. At 15:04 PostgreSQL stopped accepting writes to avoid wraparound data loss and every event-ingestion request failed with 503, while reads of existing issues kept working. Vacuuming in place would have taken too long, so the team stopped the database, truncated the large message table and vacuumed in single-user mode; writes were accepted again at 17:38. No change triggered it. The PostgreSQL log is in the server's local time (CST).",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("15:06:57"),
      acknowledged: T("15:09:20"),
      mitigated: writable,
      recovered: imp.end,
      resolved: T("17:55:02"),
    },
    trigger: null,
    impact: imp.rows,
    zones: [
      {
        file: "evidence/postgres/postgresql-2025-01-20.log",
        utcOffsetMinutes: CST,
        zone: "America/Chicago",
        marked: "abbrev",
      },
    ],
    precursors: [
      {
        file: alertFile,
        line: sc.lineOf(alertFile, '"alertname": "PostgresXIDWraparoundApproaching"'),
        at: alerts[0].at,
      },
    ],
    waits: [],
    people: Object.values(P),
    kinds: [
      "no-trigger:organic-growth",
      "zone:postgres-cst-abbrev",
      "mitigation:truncate+vacuum",
      "precursor:warning-alert",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-01-20-ingest-down",
      title: "Event ingestion down: database refusing writes",
      severity: "SEV1",
      services: ["ingest"],
      start: T("14:50:00"),
      end: T("18:05:00"),
    }),
    truth,
  );
}
