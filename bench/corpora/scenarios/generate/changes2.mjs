// Writers for the change records used by the suspect-ranking scenarios (d17–d20, s17–s20): cloud audit logs,
// package-manager logs, flag audit logs and host logs, each in the layout the real tool writes (sources inline).
import { fmt, iso, isoS } from "./lib.mjs";

const p2 = (n) => String(n).padStart(2, "0");

/** RFC 3164 syslog line as rsyslog writes it to /var/log/syslog (naive local time, UTC hosts here). */
export function syslog(t, host, app, pid, msg, off = 0) {
  return `${fmt.bsd(t, off)} ${host} ${app}${pid === null ? "" : `[${pid}]`}: ${msg}`;
}

/**
 * dpkg.log lines for one package upgrade (man dpkg: "YYYY-MM-DD HH:MM:SS" local time, then the action):
 * startup, upgrade, status half-installed/unpacked/half-configured, configure, status installed.
 */
export function dpkgUpgrade(t, pkg, from, to, off = 0) {
  const at = (dt) => fmt.naive(t + dt * 1000, off);
  return [
    `${at(0)} startup archives unpack`,
    `${at(1)} upgrade ${pkg} ${from} ${to}`,
    `${at(1)} status half-configured ${pkg} ${from}`,
    `${at(1)} status unpacked ${pkg} ${from}`,
    `${at(1)} status half-installed ${pkg} ${from}`,
    `${at(2)} status unpacked ${pkg} ${to}`,
    `${at(3)} startup packages configure`,
    `${at(3)} configure ${pkg} ${to} <none>`,
    `${at(3)} status unpacked ${pkg} ${to}`,
    `${at(3)} status half-configured ${pkg} ${to}`,
    `${at(4)} status installed ${pkg} ${to}`,
    `${at(4)} trigproc libc-bin:amd64 2.36-9+deb12u9 <none>`,
    `${at(4)} status half-configured libc-bin:amd64 2.36-9+deb12u9`,
    `${at(5)} status installed libc-bin:amd64 2.36-9+deb12u9`,
  ];
}

/** apt history.log entry (Start-Date / Commandline / Requested-By / Upgrade / End-Date, blank line after). */
export function aptHistory({ start, end, cmd, by, upgrade }, off = 0) {
  const d = (t) => fmt.naive(t, off).replace(" ", "  ");
  return [
    `Start-Date: ${d(start)}`,
    `Commandline: ${cmd}`,
    ...(by ? [`Requested-By: ${by}`] : []),
    `Upgrade: ${upgrade.map(([p, a, b]) => `${p} (${a}, ${b})`).join(", ")}`,
    `End-Date: ${d(end)}`,
    "",
  ];
}

/** nginx error-log line (naive local time). */
export function nginxError(t, level, pid, msg, off = 0) {
  const d = fmt.naive(t, off).replace(/-/g, "/");
  return `${d} [${level}] ${pid}#${pid}: ${msg}`;
}

/** LaunchDarkly GET /api/v2/auditlog (newest first). entries: [{at, who:{email,firstName,lastName}, flag, name, action, verb, comment?}] */
export function launchdarklyAudit(r, project, entries) {
  const items = [...entries]
    .sort((a, b) => b.at - a.at)
    .map((e) => {
      const id = r.hex(24);
      const env = e.env ?? "production";
      const res = `proj/${project}:env/${env}:flag/${e.flag}`;
      return {
        _links: {
          canonical: { href: `/api/v2/auditlog/${id}`, type: "application/json" },
          parent: { href: "/api/v2/auditlog", type: "application/json" },
          self: { href: `/api/v2/auditlog/${id}`, type: "application/json" },
          site: { href: `/${project}/${env}/features/${e.flag}`, type: "text/html" },
        },
        _id: id,
        _accountId: "61c0ffee5e1a2b3c4d5e6f70",
        date: e.at,
        accesses: [{ action: e.action, resource: res }],
        kind: "flag",
        name: e.name,
        description: `- ${e.verb[0].toUpperCase()}${e.verb.slice(1)}`,
        shortDescription: "",
        ...(e.comment ? { comment: e.comment } : {}),
        member: {
          _links: { self: { href: `/api/v2/members/${r.hex(24)}`, type: "application/json" } },
          _id: r.hex(24),
          ...e.who,
        },
        titleVerb: e.verb,
        title: `${e.who.firstName} ${e.who.lastName} ${e.verb} [${e.name}](https://app.launchdarkly.com/${project}/${env}/features/${e.flag}) in \`${env[0].toUpperCase()}${env.slice(1)}\``,
        target: {
          _links: { canonical: { href: `/api/v2/flags/${project}/${e.flag}`, type: "application/json" } },
          name: e.name,
          resources: [res],
        },
      };
    });
  return `${JSON.stringify({ _links: { self: { href: "/api/v2/auditlog?limit=20", type: "application/json" } }, items, totalCount: items.length }, null, 2)}\n`;
}

/** Flagsmith GET /api/v1/audit/ (paginated, newest first). entries: [{at, log, author:{email,first,last}, env, objType}] */
export function flagsmithAudit(r, project, entries) {
  const results = [...entries]
    .sort((a, b) => b.at - a.at)
    .map((e) => ({
      id: e.id ?? r.int(900000, 999999),
      created_date: iso(e.at).replace("Z", "000Z"),
      log: e.log,
      author: e.author
        ? { id: r.int(1000, 9999), email: e.author.email, first_name: e.author.first, last_name: e.author.last }
        : null,
      environment: { id: 3117, name: e.env ?? "Production", api_key: "ser.Zq8wHkP2cVbN4mTx7LdR9a" },
      project: { id: 1452, name: project },
      related_object_id: r.int(200000, 299999),
      related_object_type: e.objType ?? "FEATURE_STATE",
      is_system_event: !e.author,
    }));
  return `${JSON.stringify({ count: results.length, next: null, previous: null, results }, null, 2)}\n`;
}

/** Unleash GET /api/admin/events (newest first). entries: [{at, type, by, feature, env?, data, preData?}] */
export function unleashEvents(r, entries) {
  const events = [...entries]
    .sort((a, b) => b.at - a.at)
    .map((e) => ({
      id: e.id ?? r.int(40000, 49999),
      type: e.type,
      createdBy: e.by,
      createdAt: iso(e.at),
      data: e.data ?? null,
      preData: e.preData ?? null,
      tags: [],
      featureName: e.feature,
      project: e.project ?? "default",
      environment: e.env ?? "production",
    }));
  return `${JSON.stringify({ version: 1, events }, null, 2)}\n`;
}

/**
 * CloudTrail log file contents ({"Records": [...]}, pretty-printed as `jq .` shows a downloaded file).
 * entries: [{at, source, name, user, role?, params, response?, region?, agent?, ip?, readOnly?}]
 */
export function cloudtrail(r, entries, account = "210987654321") {
  const Records = [...entries]
    .sort((a, b) => a.at - b.at)
    .map((e) => {
      const role = e.role ?? "PlatformAdmin";
      const ak = `ASIA${r.id(16)}`;
      return {
        eventVersion: "1.09",
        userIdentity: {
          type: "AssumedRole",
          principalId: `AROA${r.id(17)}:${e.user}`,
          arn: `arn:aws:sts::${account}:assumed-role/${role}/${e.user}`,
          accountId: account,
          accessKeyId: ak,
          sessionContext: {
            sessionIssuer: {
              type: "Role",
              principalId: `AROA${r.id(17)}`,
              arn: `arn:aws:iam::${account}:role/${role}`,
              accountId: account,
              userName: role,
            },
            attributes: {
              creationDate: iso(e.at - r.int(300, 3000) * 1000).replace(/\.\d{3}Z$/, "Z"),
              mfaAuthenticated: "false",
            },
          },
        },
        eventTime: isoS(e.at),
        eventSource: e.source,
        eventName: e.name,
        awsRegion: e.region ?? "eu-west-1",
        sourceIPAddress: e.ip ?? `198.51.100.${r.int(10, 200)}`,
        userAgent: e.agent ?? "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12",
        requestParameters: e.params,
        responseElements: e.response ?? null,
        requestID: r.uuid(),
        eventID: r.uuid(),
        readOnly: e.readOnly ?? false,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: "Management",
        tlsDetails: {
          tlsVersion: "TLSv1.3",
          cipherSuite: "TLS_AES_128_GCM_SHA256",
          clientProvidedHostHeader: `${e.source.split(".")[0]}.${e.region ?? "eu-west-1"}.amazonaws.com`,
        },
      };
    });
  return `${JSON.stringify({ Records }, null, 2)}\n`;
}

/** `kubectl rollout history deployment/NAME` (no times: revisions and change-cause only). */
export function rolloutHistory(kind, name, rows) {
  const w = Math.max(8, ...rows.map((x) => String(x[0]).length));
  return [
    `${kind}/${name} `,
    `${"REVISION".padEnd(w)}  CHANGE-CAUSE`,
    ...rows.map(([rev, cause]) => `${String(rev).padEnd(w)}  ${cause}`),
    "",
  ];
}

/** Jenkins console log with the Timestamper plugin (ISO-8601 UTC in brackets). body: [[secAfterPrev, text] | [null, text, at]] */
export function jenkinsLog(r, startAt, { user, job, agent }, body, result = "SUCCESS") {
  const out = [];
  let t = startAt;
  const put = (text) => out.push(`[${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")}] ${text}`);
  const j = (sec, text) => {
    t += sec * 1000 + r.int(0, 400);
    put(text);
  };
  j(0, `Started by user ${user}`);
  j(0, "[Pipeline] Start of Pipeline");
  j(1, `[Pipeline] node`);
  j(0, `Running on ${agent} in /var/lib/jenkins/workspace/${job}`);
  for (const [sec, text, at] of body) {
    if (at !== undefined) {
      t = at;
      put(text);
    } else j(sec, text);
  }
  j(1, "[Pipeline] End of Pipeline");
  j(0, `Finished: ${result}`);
  return out;
}

/** Two-digit helper re-exported for scripts that format clock strings. */
export const pad2 = p2;
