import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { cachedDerived, listActionItems, listIncidents, type WorkspaceIndex } from "../store/index.js";
import type { StoredActionItem, StoredIncident } from "../store/queries.js";
import { normaliseSignature } from "../store/record-cells.js";
import { findRecurringPatterns, type RecurringPattern } from "./recurrence/find-recurring-patterns.js";
import { recurrenceInputs } from "./recurrence/recurrence-inputs.js";

/**
 * A check attached to an action item in the post-mortem's front matter (`checks:` keyed by item id): what would
 * show the pattern came back. `template` is a log template (`<*>` for variables) compared with later incidents'
 * error signatures; `alert` an alert name looked for in later incidents' timelines and post-mortems; `promql` is
 * kept for people and tools that can evaluate it (Debrief does not query a live Prometheus here).
 */
export interface ActionItemCheck {
  kind: "template" | "alert" | "promql";
  value: string;
  /** `YYYY-MM-DD` the item was closed, when the front matter says so. */
  closed: string | null;
}

/** A done action item whose pattern recurred in a later incident. */
export interface RecurredActionItem {
  itemId: string;
  action: string;
  incidentId: string;
  incidentDir: string;
  path: string;
  line: number | null;
  check: ActionItemCheck;
  /** When it was closed (the check's `closed`, else the incident's resolution), `YYYY-MM-DD`. */
  closedOn: string | null;
  recurredIn: Array<{ id: string; dir: string; impactStart: string | null; basis: string }>;
  /** `AI-003 closed 2025-03-01; the same error template recurred in INC-2025-0412`. */
  message: string;
}

const KINDS = new Set(["template", "alert", "promql"]);

/**
 * Read `checks:` from a post-mortem's YAML front matter. Unknown shapes are ignored (the field is optional and older
 * readers skip it), so a hand-written typo never breaks indexing.
 */
export function readActionItemChecks(postmortemText: string): Map<string, ActionItemCheck> {
  const out = new Map<string, ActionItemCheck>();
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(postmortemText);
  if (!m) return out;
  let fm: unknown;
  try {
    fm = parseYaml(m[1] as string, { logLevel: "silent" });
  } catch {
    return out;
  }
  const checks = (fm as { checks?: unknown } | null)?.checks;
  if (!checks || typeof checks !== "object" || Array.isArray(checks)) return out;
  for (const [id, raw] of Object.entries(checks as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object") continue;
    const r = raw as Record<string, unknown>;
    const kind = [...KINDS].find((k) => typeof r[k] === "string" && (r[k] as string).trim().length > 0);
    if (!kind) continue;
    const closedRaw =
      r.closed instanceof Date ? r.closed.toISOString() : typeof r.closed === "string" ? r.closed : null;
    const closed = closedRaw && /^\d{4}-\d{2}-\d{2}/.test(closedRaw) ? closedRaw.slice(0, 10) : null;
    out.set(id, { kind: kind as ActionItemCheck["kind"], value: (r[kind] as string).trim(), closed });
  }
  return out;
}

/**
 * Whether a log template matches a stored error signature: equal once both are normalised, or the template's
 * `<*>` stand for any run of non-space characters in the signature (`waited <*>` matches `waited <*>ms`).
 */
export function templateMatches(template: string, signature: string): boolean {
  const n = normaliseSignature(template);
  if (n === signature) return true;
  const re = new RegExp(
    `^${n
      .split("<*>")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("\\S*")}$`,
  );
  return re.test(signature);
}

const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

/** Alert names a later incident shows: its timeline.json alerts, else the names as words in its post-mortem. */
function showsAlert(workspace: string, inc: StoredIncident, alert: string): boolean {
  const dir = join(workspace, inc.dir);
  const tl = join(dir, "timeline.json");
  if (existsSync(tl)) {
    try {
      const t = JSON.parse(readFileSync(tl, "utf8")) as {
        analysis?: { alerting?: { alerts?: Array<{ name?: string }> } };
      };
      if ((t.analysis?.alerting?.alerts ?? []).some((a) => a.name === alert)) return true;
    } catch {
      // an unreadable timeline is reported by the index; fall back to the document
    }
  }
  const pm = join(dir, "postmortem.md");
  if (!existsSync(pm)) return false;
  const escaped = alert.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}([^A-Za-z0-9_]|$)`).test(readFileSync(pm, "utf8"));
}

/**
 * Done action items whose check shows the pattern came back after they were closed: the same error template or
 * alert in a later incident, or a later incident the recurring-pattern engine groups with the item's incident.
 * Reads the `checks:` of each post-mortem with done items (the index does not store them).
 */
export function findRecurredActionItems(
  workspace: string,
  incidents: readonly StoredIncident[],
  items: readonly StoredActionItem[],
  patterns: readonly RecurringPattern[],
): RecurredActionItem[] {
  const byDir = new Map(incidents.map((i) => [i.dir, i]));
  const done = items.filter((i) => i.status === "done");
  const checksByDir = new Map<string, Map<string, ActionItemCheck>>();
  const out: RecurredActionItem[] = [];
  for (const item of done) {
    let checks = checksByDir.get(item.incidentDir);
    if (!checks) {
      const file = join(workspace, item.path);
      checks = existsSync(file) ? readActionItemChecks(readFileSync(file, "utf8")) : new Map();
      checksByDir.set(item.incidentDir, checks);
    }
    const check = checks.get(item.itemId);
    const source = byDir.get(item.incidentDir);
    if (!check || !source) continue;
    const closedOn =
      check.closed ?? day(source.resolvedAt ?? source.milestones.resolved ?? source.milestones.impactStart);
    const after = closedOn === null ? (source.milestones.impactStart ?? 0) : Date.parse(`${closedOn}T00:00:00Z`);
    const later = incidents.filter(
      (i) => i.dir !== source.dir && i.milestones.impactStart !== null && i.milestones.impactStart > after,
    );
    const grouped = new Map<string, string>();
    for (const p of patterns) {
      if (p.incidents.some((x) => x.dir === source.dir)) for (const x of p.incidents) grouped.set(x.dir, p.label);
    }
    const recurredIn: RecurredActionItem["recurredIn"] = [];
    const wanted = check.kind === "template" ? check.value : null;
    for (const inc of later) {
      let basis: string | null = null;
      if (wanted !== null && inc.errorSignatures.some((sig) => templateMatches(wanted, sig)))
        basis = "the same error template";
      else if (check.kind === "alert" && showsAlert(workspace, inc, check.value))
        basis = `the same alert (${check.value})`;
      else if (grouped.has(inc.dir)) basis = `the same recurring pattern (${grouped.get(inc.dir)})`;
      if (basis) recurredIn.push({ id: inc.id, dir: inc.dir, impactStart: day(inc.milestones.impactStart), basis });
    }
    if (recurredIn.length === 0) continue;
    const first = recurredIn[0] as RecurredActionItem["recurredIn"][number];
    out.push({
      itemId: item.itemId,
      action: item.action,
      incidentId: item.incidentId,
      incidentDir: item.incidentDir,
      path: item.path,
      line: item.line,
      check,
      closedOn,
      recurredIn,
      message: `${item.itemId} (${item.incidentId}) closed ${closedOn ?? "(date not recorded)"}; ${first.basis} recurred in ${recurredIn.map((r) => r.id).join(", ")}`,
    });
  }
  return out;
}

/**
 * {@link findRecurredActionItems} over a workspace index, with the recurring patterns `debrief insights` computes
 * (shared through the index's derived cache, same key, so the review does not recompute them).
 */
export function recurredActionItemsIn(workspace: string, index: WorkspaceIndex): RecurredActionItem[] {
  const incidents = listIncidents(index);
  const items = listActionItems(index);
  if (!items.some((i) => i.status === "done")) return [];
  const key = JSON.stringify({ kind: "recurring-patterns", v: 1, since: null, recurrence: {} });
  const rec = cachedDerived(index, key, () => findRecurringPatterns(recurrenceInputs(incidents), {})).value;
  return findRecurredActionItems(workspace, incidents, items, rec.patterns);
}
