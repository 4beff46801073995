import type { RawEvent } from "../../model/event.js";
import type { ChangeMatch, ChangeRecogniser } from "./change-recogniser.js";
import { actionVerb, changeTypeOf, type VerbHit } from "./change-verbs.js";

type Fields = Record<string, unknown>;

/** Fields naming what was done, most specific first; `type`/`status` last (often a noun, or a job's state). */
const ACTION_KEYS = [
  "action",
  "verb",
  "eventName",
  "event_name",
  "eventType",
  "event_type",
  "operation",
  "operationName",
  "operation_name",
  "op",
  "activity",
  "activityType",
  "auditLogTypeEnum",
  "auditLogType",
  "changeType",
  "change_type",
  "accesses",
  "type",
  "ResourceStatus",
  "resourceStatus",
  "status",
] as const;
/** Fields that only count with a status-like value (`UPDATE_COMPLETE`, `deployed`), never a bare verb. */
const STATUS_KEYS: ReadonlySet<string> = new Set(["ResourceStatus", "resourceStatus", "status"]);
/** Fields naming the changed thing; an object is read for its name. */
const RESOURCE_KEYS = [
  "resource",
  "resourceName",
  "resource_name",
  "resourceId",
  "actionTarget",
  "target",
  "targetName",
  "objectRef",
  "LogicalResourceId",
  "StackName",
  "stackName",
  "stack",
  "deployment",
  "application",
  "app",
  "release",
  "flag",
  "flagKey",
  "key",
  "name",
  "payload",
  "requestParameters",
  "resources",
] as const;
const ACTOR_KEYS = [
  "actor",
  "user",
  "userEmail",
  "user_email",
  "userName",
  "user_name",
  "username",
  "principal",
  "principalEmail",
  "initiator",
  "initiatedBy",
  "initiated_by",
  "caller",
  "triggeredBy",
  "triggered_by",
  "changedBy",
  "modifiedBy",
  "performedBy",
  "createdBy",
  "requester",
  "member",
  "author",
  "userIdentity",
  "authenticationInfo",
  "identity",
  "metadata",
] as const;
const NAME_IN_OBJECT = ["email", "principalEmail", "userName", "username", "login", "name", "arn", "id"] as const;
/** Keys naming when something ended or began (`finishedAt`, `completion_time`, `endTimestamp`, `start_time`). */
const END_KEY =
  /^(?:end|ended|finish|finished|complete|completed|completion|done|stage)_?(?:time|at|timestamp|date|ts)$/i;
const START_KEY = /^(?:start|started|begin|began|requestReceived)_?(?:time|at|timestamp|date|ts)$/i;
const OUTCOME_KEYS = ["status", "result", "outcome", "state", "ResourceStatus", "resourceStatus", "responseStatus"];
const FAILURE = /fail|error|denied|reject|forbidden|unauthori[sz]ed|invalid|abort|cancel/i;
/** A status value that says a change finished or is deployed (`UPDATE_COMPLETE`, `deployed`), not a job's state. */
const CHANGE_STATUS =
  /^(?:[A-Z]+_)+(?:COMPLETE|IN_PROGRESS|FAILED)$|^(?:changed|deployed|released|installed|upgraded|rolled[_ ]?back)$/i;

/** A name out of a string or an object's name-like field, short and single-line. */
function nameOf(v: unknown, keys: readonly string[] = NAME_IN_OBJECT, depth = 0): string | null {
  if (typeof v === "string") return v.length > 0 && v.length <= 200 && !v.includes("\n") ? v : null;
  if (depth > 2 || v === null || typeof v !== "object") return null;
  if (Array.isArray(v)) return v.length > 0 ? nameOf(v[0], keys, depth + 1) : null;
  const o = v as Fields;
  for (const k of keys) {
    const n = nameOf(o[k], keys, depth + 1);
    if (n) return n;
  }
  // nested holders: metadata.actor, userIdentity.sessionContext…
  for (const k of ["actor", "user", "sessionIssuer"]) if (o[k] !== undefined) return nameOf(o[k], keys, depth + 1);
  return null;
}

/** An instant written with its zone (ISO 8601 with `Z`/offset) or as epoch ms/s; anything else is not trusted here. */
function instant(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) {
    if (v > 1e12 && v < 1e13) return v;
    if (v > 1e9 && v < 1e10) return v * 1000;
    return null;
  }
  if (typeof v !== "string" || !/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/.test(v))
    return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function firstInstant(f: Fields, key: RegExp): number | null {
  for (const k in f) {
    if (!key.test(k)) continue;
    const t = instant(f[k]);
    if (t !== null) return t;
  }
  return null;
}

/** A message that is an event name rather than prose (`release.created`, `DeploymentSucceeded`): read as an action. */
const EVENT_NAME = /^[A-Za-z][\w.:/-]{2,79}$/;
/**
 * Fields that say what kind of record this is (`"type": "planned_change"`, `"mode": "dry-run"`, `"phase": "Running"`),
 * read at the top level and one level down (`"changes": {"operation": "plan"}`).
 */
const RECORD_KIND_KEYS = ["type", "kind", "mode", "phase", "stage", "event_type", "eventType", "operation"] as const;
/** A plan, preview or dry run: it says what would change, nothing changed (Terraform's `planned_change`). */
const PLAN_KIND = /(?:^|[_\W])(?:plan|planned|proposed|preview|dry[_-]?run|what[_-]?if|noop)(?:$|[_\W])/i;
/** A record of a change under way (Terraform's `apply_start`, a job `Running`), not yet in effect. */
const STARTED_KIND = /(?:^|[_\W])(?:start|started|begin|in[_-]?progress|running|pending|queued)(?:$|[_\W])/i;

/** The first record-kind field's value matching `re`. */
function recordKindIs(f: Fields, re: RegExp, depth = 0): boolean {
  for (const k of RECORD_KIND_KEYS) {
    const v = f[k];
    if (typeof v === "string" && v.length < 60 && re.test(v)) return true;
  }
  if (depth === 0) {
    for (const v of Object.values(f)) {
      if (v && typeof v === "object" && !Array.isArray(v) && recordKindIs(v as Fields, re, 1)) return true;
    }
  }
  return false;
}

/** The action field's change verb and the key it was in. */
function findAction(f: Fields): { hit: VerbHit; key: string; value: string } | null {
  for (const key of ACTION_KEYS) {
    const raw = f[key];
    if (raw === undefined || raw === null) continue;
    // `accesses: [{action, resource}]` (LaunchDarkly-style access lists): the first access's action
    const value = typeof raw === "string" ? raw : key === "accesses" ? nameOf(raw, ["action"]) : null;
    if (!value) continue;
    if (STATUS_KEYS.has(key) && !CHANGE_STATUS.test(value)) continue;
    const hit = actionVerb(value);
    if (hit) return { hit, key, value };
  }
  return null;
}

function failed(f: Fields, action: string): boolean {
  if (/FAILED$|_FAILED_|fail/i.test(action)) return true;
  if (f.success === false) return true;
  if (typeof f.errorCode === "string" && f.errorCode.length > 0) return true;
  for (const k of OUTCOME_KEYS) {
    const v = f[k];
    if (typeof v === "string" && FAILURE.test(v)) return true;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const code = (v as Fields).code;
      if (typeof code === "number" && code >= 400) return true;
      const status = (v as Fields).status;
      if (typeof status === "string" && FAILURE.test(status)) return true;
    }
  }
  const err = f.error;
  return typeof err === "string" ? err.length > 0 : err !== undefined && err !== null && err !== false;
}

/** Keys any structured change record has at least one of: the detector offers an event on these alone. */
export const RECORD_ACTION_KEYS: readonly string[] = ACTION_KEYS;

/**
 * A structured record (a JSON line, an element of a JSON/YAML document's list) is a change when its fields say an
 * action was performed on a resource: an action/verb/event-name/operation field naming a change verb (`created`,
 * `patch`, `UpdateStack`, `ModifyListener`, `PutRule`, `settingValueChanged`, status `UPDATE_COMPLETE`), a resource
 * field or a resource kind in the action's own name for `where`, an actor field for `who`. Reads fields only, never
 * free text; the event's time is moved to a zoned end/completed time when the record has one (its start kept as
 * `startedAt`). Failure comes from a status/result/outcome/error field. The vocabulary follows the audit/event record
 * shapes of CloudTrail (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * Kubernetes audit (https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/) and CloudEvents-style `type`s.
 */
export const genericRecordChangeRecogniser: ChangeRecogniser = {
  id: "generic-record-change",
  documentation:
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html, https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
  // never offered by message: the detector offers it events whose attributes carry an action-like key
  hint: /(?!)/,
  fields: ACTION_KEYS,
  samples: [
    {
      message: "",
      attributes: {
        action: "created",
        type: "flag",
        payload: { key: "new-tax" },
        metadata: { actor: { email: "a@example.com" } },
      },
    },
    { message: "", attributes: { eventName: "UpdateStack", requestParameters: { stackName: "web" } } },
    {
      message: "PATCH deployment",
      attributes: { verb: "patch", objectRef: { resource: "deployments", name: "api" }, user: { username: "ci" } },
    },
  ],
  recognise(e: RawEvent): ChangeMatch | null {
    const f = e.attributes as Fields;
    // a plan says what would change, and a record of a change under way is followed by the record of it taking
    // effect (Terraform's apply_start then apply_complete): neither is the change in effect, and a generic reading of
    // them would put rows before the real one (a later undo would then be tied to the start, not to the change)
    if (recordKindIs(f, PLAN_KIND) || recordKindIs(f, STARTED_KIND)) return null;
    // a JSON log whose `event`/`msg` is an event name (`{"event": "release.created", "app": "shop"}`)
    const found = findAction(f) ?? (EVENT_NAME.test(e.message) ? findAction({ action: e.message }) : null);
    if (!found) return null;
    const { hit, value } = found;
    let resource: string | null = null;
    for (const k of RESOURCE_KEYS) {
      if (f[k] === undefined) continue;
      resource = nameOf(f[k], ["key", "name", "resourceName", "functionName", "stackName", "id", "resource"]);
      if (resource) break;
    }
    // a bare verb with nothing it acted on is not a change record (a job's `status: created`)
    if (!resource && hit.rest.length === 0) return null;
    let by: string | null = null;
    for (const k of ACTOR_KEYS) {
      if (f[k] === undefined) continue;
      by = nameOf(f[k]);
      if (by) break;
    }
    const end = firstInstant(f, END_KEY);
    const start = firstInstant(f, START_KEY);
    const isFailed = failed(f, value);
    const phase: ChangeMatch["phase"] = isFailed
      ? "failed"
      : hit.ing || /IN_PROGRESS|start/i.test(value)
        ? "started"
        : "effective";
    const what = [value, resource].filter(Boolean).join(" ");
    return {
      type: changeTypeOf(hit.stem),
      what,
      phase,
      tool: typeof f.source === "string" && f.source.length < 60 ? f.source : (e.service ?? "structured-record"),
      ...(resource ? { hosts: e.host ? [resource, e.host] : [resource] } : {}),
      ...(by ? { by } : {}),
      ...(end !== null && Math.abs(end - e.ts) < 86_400_000 ? { at: end } : {}),
      ...(start !== null && start < (end ?? e.ts) ? { startedAt: start } : {}),
    };
  },
};
