import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { epochNumberToMs } from "../timestamps/index.js";
import { docHead, field, isRecord, type JsonRecord, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/** One audit entry read from any of the supported services. */
interface FlagEntry {
  ts: number;
  flag: string;
  action: string;
  environment: string | null;
  by: string | null;
  tool: string;
  /** False for entries that change no served value (a flag created, a comment). */
  flips: boolean;
}

function time(value: unknown, ctx: FormatContext): number {
  if (typeof value === "number") return epochNumberToMs(value);
  return parseIsoTime(value, ctx);
}

/** LaunchDarkly `GET /api/v2/auditlog` item. */
function launchDarkly(it: JsonRecord, ctx: FormatContext): FlagEntry | null {
  if (it.date === undefined || !("accesses" in it || "titleVerb" in it || "member" in it)) return null;
  const access = Array.isArray(it.accesses) && isRecord(it.accesses[0]) ? it.accesses[0] : undefined;
  const resource = str(access?.resource) ?? "";
  const action = str(access?.action) ?? str(it.titleVerb) ?? str(it.description) ?? "updated";
  const key = /flag\/([^:;/]+)/.exec(resource)?.[1] ?? str(it.name) ?? "?";
  return {
    ts: time(it.date, ctx),
    flag: key,
    action: [action, str(it.description)].filter((x) => x && x.length > 0).join(": "),
    environment: /env\/([^:;/]+)/.exec(resource)?.[1] ?? null,
    by: field(it, "member", "email") ?? str(it.subject) ?? null,
    tool: "launchdarkly",
    flips: str(it.kind) !== "member" && !/^createFlag|^create/.test(action),
  };
}

/** ConfigCat `GET /v1/products/{id}/auditlogs` item. */
function configCat(it: JsonRecord, ctx: FormatContext): FlagEntry | null {
  if (it.auditLogDateTime === undefined) return null;
  const type = str(it.auditLogTypeEnum) ?? str(it.auditLogType) ?? "changed";
  const where = str(it.where);
  return {
    ts: time(it.auditLogDateTime, ctx),
    flag: str(it.actionTarget) ?? "?",
    action: `${str(it.auditLogType) ?? type}${str(it.details) ? `: ${str(it.details)}` : ""}`,
    environment: where ? (where.split(" / ").pop() ?? null) : null,
    by: str(it.userEmail) ?? str(it.userName),
    tool: "configcat",
    flips: /ValueChanged|Toggled|Rule|Percentage|settingValue/i.test(type),
  };
}

/** Unleash `GET /api/admin/events` event. */
function unleash(it: JsonRecord, ctx: FormatContext): FlagEntry | null {
  if (it.createdAt === undefined || it.type === undefined || !("featureName" in it || "createdBy" in it)) return null;
  const type = str(it.type) ?? "";
  return {
    ts: time(it.createdAt, ctx),
    flag: str(it.featureName) ?? "?",
    action: type,
    environment: str(it.environment),
    by: str(it.createdBy),
    tool: "unleash",
    flips: /enabled|disabled|strategy|updated|variant/.test(type) && !/created$/.test(type),
  };
}

/** Flagsmith `GET /api/v1/audit/` result. */
function flagsmith(it: JsonRecord, ctx: FormatContext): FlagEntry | null {
  if (it.created_date === undefined || it.log === undefined) return null;
  const log = str(it.log) ?? "";
  return {
    ts: time(it.created_date, ctx),
    flag: /feature: ?([\w.-]+)/i.exec(log)?.[1] ?? str(it.related_object_id) ?? "?",
    action: log,
    environment: field(it, "environment", "name"),
    by: field(it, "author", "email"),
    tool: "flagsmith",
    flips: /updated|state|value/i.test(log),
  };
}

const READERS = [launchDarkly, configCat, unleash, flagsmith];

/**
 * Feature-flag audit logs as their management APIs return them: LaunchDarkly (`{"items":[{"date": <ms>, "accesses":
 * [{"resource": "proj/…:env/…:flag/KEY"}], "member": {…}}]}`), ConfigCat (array of `auditLogDateTime`…), Unleash
 * (`{"events":[{"type": "feature-environment-enabled", "featureName", "createdBy", "createdAt"}]}`), Flagsmith
 * (`{"results":[{"log", "created_date", "author"}]}`). A served-value change is a `flag` change effective at the
 * audit instant (flags take effect when saved); other entries (flag created, comments) are changes not marked effective.
 */
export const featureFlagAudit: DocumentFormat = {
  id: "feature-flag-audit",
  description: "Feature-flag audit logs: LaunchDarkly, ConfigCat, Unleash, Flagsmith (management API JSON)",
  kind: "change",
  shape: "document",
  samples: [
    '{"items": [{"_id": "67c6d2a1", "date": 1741084867118, "accesses": [{"action": "updateOn", "resource": "proj/default:env/production:flag/checkout-v2"}], "kind": "flag", "name": "Checkout v2", "description": "- Turned off the flag", "member": {"email": "maria.lopez@example.com"}, "titleVerb": "turned off the flag"}]}',
    '[{"auditLogId": 5512044, "auditLogDateTime": "2025-10-30T07:58:41.2201123+00:00", "auditLogTypeEnum": "settingValueChanged", "auditLogType": "Setting value changed", "userEmail": "ines.ramos@example.com", "where": "Shop / Main Config / Production", "actionTarget": "isRecommenderV2Enabled", "details": "Served value changed from \\"false\\" to \\"true\\"."}]',
    '{"version": 1, "events": [{"id": 42, "type": "feature-environment-enabled", "createdBy": "admin@example.com", "createdAt": "2025-03-04T10:09:55.402Z", "featureName": "checkout-v2", "project": "default", "environment": "production"}]}',
    '{"count": 1, "results": [{"id": 7, "created_date": "2025-03-04T10:09:55.402Z", "log": "Flag state / Remote config value updated for feature: checkout_v2", "author": {"email": "sam@example.com"}, "environment": {"name": "Production"}}]}',
  ],
  sampleName: "audit.json",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const t = sample.text;
    if (/"accesses"\s*:/.test(t) && /"date"\s*:/.test(t) && /flag\//.test(t)) return 0.99;
    if (/"auditLogDateTime"\s*:/.test(t) && /"actionTarget"\s*:/.test(t)) return 0.99;
    if (/"featureName"\s*:/.test(t) && /"createdAt"\s*:/.test(t) && /"type"\s*:\s*"feature-/.test(t)) return 0.99;
    if (/"created_date"\s*:/.test(t) && /"log"\s*:/.test(t) && /feature/i.test(t)) return 0.99;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const items = Array.isArray(root)
      ? root
      : isRecord(root)
        ? ((root.items ?? root.events ?? root.results ?? root.data) as unknown)
        : undefined;
    if (!Array.isArray(items)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected a list of audit entries");
      return;
    }
    for (const it of items) {
      const line = doc.lineOf(it);
      if (!isRecord(it)) {
        ctx.skip(line, "unexpected-shape", "not an object");
        continue;
      }
      let entry: FlagEntry | null = null;
      for (const read of READERS) {
        entry = read(it, ctx);
        if (entry) break;
      }
      if (!entry || !Number.isFinite(entry.ts)) {
        ctx.skip(line, entry ? "invalid-timestamp" : "unexpected-shape", JSON.stringify(it).slice(0, 120));
        continue;
      }
      const where = entry.environment ? `${entry.flag} in ${entry.environment}` : entry.flag;
      // what changed is the flag (a service's switch); the environment only says which of its values was flipped
      ctx.emit(
        changeEvent({
          path: ctx.path,
          line,
          at: entry.ts,
          type: "flag",
          what: `flag ${entry.flag}: ${entry.action}`,
          where: [entry.flag],
          by: entry.by,
          tool: entry.tool,
          // flags take effect when saved; an entry that serves nothing new (created, commented) is only recorded
          phase: entry.flips ? "effective" : "committed",
          service: null,
          message: `flag ${where}: ${entry.action}`.slice(0, 300),
          attributes: { flag: entry.flag, ...(entry.environment ? { environment: entry.environment } : {}) },
        }),
      );
    }
  },
};
