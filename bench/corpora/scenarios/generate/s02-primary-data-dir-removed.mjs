// Modelled on GitLab.com's 31 January 2017 database outage: while repairing replication lag late at night, the data
// directory of the primary (not the replica) is removed; backups turn out unusable, the restore from an older
// snapshot waits for a decision and then copies slowly; the site is down until the restore completes.
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
  const sc = new Scenario({ id: "primary-data-dir-removed", half: "sealed", seed: 170131 });
  const r = sc.r;
  const T = (d, hms) => ms(`2025-${d}T${hms}Z`);
  const CET = 60;
  const from = T("01-31", "22:35:00");
  const to = T("02-01", "05:40:00");
  const rm = T("01-31", "23:27:04");
  const onset = T("01-31", "23:27:21");
  const restored = T("02-01", "05:02:13");
  const hosts = ["web-01", "web-02", "web-03", "web-04"];
  const endpoints = [
    {
      path: (x) =>
        `/${x.pick(["gitlab-org", "acme", "kde", "fdroid"])}/${x.pick(["gitlab", "app", "web", "client"])}/-/merge_requests/${x.int(1, 9000)}`,
      weight: 35,
      service: "rails",
      rt: [0.1, 0.8],
    },
    { path: (x) => `/api/v4/projects/${x.int(1, 9000000)}/issues`, weight: 25, service: "rails" },
    {
      path: (x) =>
        `/${x.pick(["gitlab-org", "acme"])}/${x.pick(["gitlab", "app"])}.git/info/refs?service=git-upload-pack`,
      weight: 25,
      service: "workhorse",
    },
    { path: (x) => `/assets/webpack/${x.hex(12)}.chunk.js`, weight: 15, service: "static", bytes: [20000, 200000] },
  ];
  const rules = [
    {
      ep: /^\/(?!assets)/,
      from: onset,
      to: restored + 60000,
      p: (t) => (t < restored ? 0.98 : 0.98 * (1 - (t - restored) / 60000)),
      status: [500, 502, 503],
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.42), endpoints, hosts, rules });
  writeAccess(sc, "evidence/nginx/gitlab-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    {
      service: "gitlab.com",
      endpoint: "all except /assets",
      status: "5xx",
      match: (q) => !q.path.startsWith("/assets"),
    },
  ]);

  // auth.log on db1 (UTC host clock, RFC 3164): the command that removed the data directory
  const au = [];
  const a = (t, text) => au.push({ t, line: `${fmt.bsd(t)} db1 ${text}` });
  for (let t = from; t < to; t += r.int(300, 900) * 1000)
    a(
      t,
      `sshd[${r.int(10000, 40000)}]: Accepted publickey for gitlab-psql from 10.${r.int(0, 9)}.2.${r.int(2, 200)} port ${r.int(30000, 60000)} ssh2: ED25519 SHA256:${r.id(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`,
    );
  a(
    T("01-31", "23:05:12"),
    "sudo:   alexk : TTY=pts/2 ; PWD=/home/alexk ; USER=root ; COMMAND=/usr/bin/gitlab-ctl tail postgresql",
  );
  a(
    T("01-31", "23:19:40"),
    "sudo:   alexk : TTY=pts/3 ; PWD=/home/alexk ; USER=gitlab-psql ; COMMAND=/opt/gitlab/embedded/bin/pg_basebackup -h db1.cluster.gitlab.example -D /var/opt/gitlab/postgresql/data -P -U gitlab_replicator",
  );
  a(
    rm - 1000,
    "sudo:   alexk : TTY=pts/2 ; PWD=/home/alexk ; USER=root ; COMMAND=/bin/rm -Rvf /var/opt/gitlab/postgresql/data",
  );
  a(rm - 900, "sudo: pam_unix(sudo:session): session opened for user root(uid=0) by alexk(uid=1004)");
  au.sort((x, y) => x.t - y.t);
  const authFile = "evidence/db1/auth.log";
  sc.put(
    authFile,
    au.map((x) => x.line),
  );
  const triggerLine = sc.lineOf(authFile, "rm -Rvf");

  // PostgreSQL log on db1, log_timezone Europe/Amsterdam ("CET" in the prefix)
  const pg = [];
  const L = (t, pid, text) => pg.push({ t, text: `${fmt.naive(t, CET, 3)} CET [${pid}] ${text}` });
  for (let t = from; t < rm; t += r.int(40, 120) * 1000)
    L(
      t,
      r.int(20000, 40000),
      `LOG:  duration: ${r.int(1000, 9000)}.${r.int(100, 999)} ms  statement: DELETE FROM "notes" WHERE "notes"."author_id" = ${r.int(1e5, 9e5)}`,
    );
  for (let t = T("01-31", "22:50:00"); t < rm; t += r.int(60, 200) * 1000)
    L(t, r.int(3000, 4000), "ERROR:  requested WAL segment 000000010000082B000000A3 has already been removed");
  L(rm + 12000, 2211, 'PANIC:  could not open file "global/pg_control": No such file or directory');
  L(rm + 12100, 2200, "LOG:  checkpointer process (PID 2211) was terminated by signal 6: Aborted");
  L(rm + 12200, 2200, "LOG:  terminating any other active server processes");
  L(rm + 14000, 2200, "LOG:  database system is shut down");
  L(restored - 9000, 9120, "LOG:  database system was interrupted; last known up at 2025-01-31 18:21:44 CET");
  L(restored - 4000, 9120, "LOG:  database system was not properly shut down; automatic recovery in progress");
  L(restored - 1000, 9118, "LOG:  database system is ready to accept connections");
  pg.sort((x, y) => x.t - y.t);
  sc.put(
    "evidence/db1/postgresql/current",
    pg.map((x) => x.text),
  );

  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  const alerts = [
    {
      name: "PostgresReplicationLagHigh",
      at: T("01-31", "21:48:10"),
      severity: "warning",
      summary: "db2 replication lag above 4 GB",
      end: T("02-01", "05:03:00"),
      labels: { instance: "db2" },
    },
    {
      name: "PostgresDown",
      at: T("01-31", "23:28:02"),
      summary: "postgres on db1 is down",
      end: T("02-01", "05:02:50"),
      labels: { instance: "db1" },
    },
    {
      name: "GitLabHigh5xxRate",
      at: T("01-31", "23:28:40"),
      summary: "5xx above 50% on gitlab.com",
      end: T("02-01", "05:04:10"),
      labels: { service: "gitlab.com" },
    },
  ];
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Alex Kowalski", db: "Yusuf Demir", ic: "Hanna Berg", vp: "Sid Varga" };
  sc.put(
    "evidence/pagerduty/incident-13370-log-entries.json",
    pagerduty(r, {
      sub: "gitlab-infra",
      service: "gitlab.com",
      incidentNo: 13370,
      title: "PostgresDown: postgres on db1 is down",
      entries: [
        { type: "trigger", at: T("01-31", "23:28:07") },
        { type: "notify", at: T("01-31", "23:28:09"), who: P.oc },
        { type: "acknowledge", at: T("01-31", "23:28:55"), who: P.oc },
        { type: "escalate", at: T("01-31", "23:41:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: T("02-01", "05:31:15"), who: P.ic },
      ],
    }).text,
  );
  const askAt = T("02-01", "00:12:30");
  const goAt = T("02-01", "01:03:05");
  const users = [
    { key: "a", name: "alexk", real: P.oc, tz: "Europe/Amsterdam" },
    { key: "y", name: "yusuf", real: P.db, tz: "Europe/Istanbul" },
    { key: "h", name: "hanna", real: P.ic, tz: "Europe/Stockholm" },
    { key: "s", name: "sid", real: P.vp, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    {
      at: T("01-31", "23:29:30"),
      user: "a",
      text: "I ran the rm on db1 instead of db2. primary data dir is gone. site is down",
    },
    {
      at: T("01-31", "23:44:10"),
      user: "h",
      text: "IC. no blame, let's find the newest usable copy. db2 was wiped earlier for the resync",
    },
    {
      at: T("01-31", "23:58:45"),
      user: "y",
      text: "pg_dump backups to object storage are empty, version mismatch. disk snapshots not enabled on db hosts",
    },
    { at: T("02-01", "00:07:20"), user: "y", text: "staging has an LVM snapshot from 17:20 UTC, about 6h old" },
    {
      at: askAt,
      user: "h",
      text: "restoring from the 17:20 snapshot loses ~6h of data. that needs exec approval, @sid please confirm",
    },
    { at: T("02-01", "00:40:00"), user: "h", text: "still waiting for the go/no-go on the restore, tried calling Sid" },
    { at: goAt, user: "s", text: "approved: restore from the staging snapshot" },
    { at: T("02-01", "01:10:00"), user: "y", text: "copying the snapshot to db1, slow disks: ETA several hours" },
    { at: T("02-01", "05:02:40"), user: "y", text: "restore complete, postgres up on db1, unblocking the app" },
    { at: T("02-01", "05:06:00"), user: "a", text: "site responding again" },
    {
      at: T("02-01", "05:31:20"),
      user: "h",
      text: "resolving; data loss window 17:20-23:27 goes into the post-mortem",
    },
  ];
  slackExport(sc, { channel: "inc-13370-db-outage", users, messages: msgs });
  check(alerts[1].at > imp.start, "detection after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Postmortem of database outage of January 31 (GitLab)",
        url: "https://about.gitlab.com/blog/postmortem-of-database-outage-of-january-31/",
      },
    ],
    story:
      "Late in the evening, while repairing replication lag, an engineer removed the PostgreSQL data directory on the primary db1 instead of the replica (23:27:04, recorded by sudo in auth.log). PostgreSQL panicked and nearly every non-static request failed from 23:27. The regular backups turned out to be empty and the only usable copy was a six-hour-old staging snapshot; restoring from it, and losing those hours, waited 51 minutes for an executive decision. The copy then took hours; the restored database accepted connections at 05:02:13 and the site came back. The PostgreSQL log is in CET.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("01-31", "23:28:09"),
      acknowledged: T("01-31", "23:28:55"),
      mitigated: restored,
      recovered: imp.end,
      resolved: T("02-01", "05:31:15"),
    },
    trigger: {
      file: authFile,
      line: triggerLine,
      effectiveAt: rm,
      what: "sudo rm -Rvf /var/opt/gitlab/postgresql/data on the primary db1",
    },
    impact: imp.rows,
    zones: [
      { file: "evidence/db1/postgresql/current", utcOffsetMinutes: CET, zone: "Europe/Amsterdam", marked: "abbrev" },
    ],
    precursors: [
      { file: alertFile, line: sc.lineOf(alertFile, '"alertname": "PostgresReplicationLagHigh"'), at: alerts[0].at },
    ],
    waits: [
      { from: askAt, to: goAt, what: "waiting for executive approval to restore from the six-hour-old snapshot" },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:sudo-in-auth-log",
      "zone:postgres-cet-abbrev",
      "wait:approval-51min",
      "mitigation:restore",
      "precursor:replication-lag-warning",
      "crosses-midnight",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-01-31-database-outage",
      title: "GitLab.com down: primary database directory removed",
      severity: "SEV1",
      services: ["gitlab.com"],
      start: T("01-31", "23:00:00"),
      end: T("02-01", "05:35:00"),
    }),
    truth,
  );
}
