import { serviceOf } from "./classify.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * How a change is tied to other events: the object it acted on, the opposite action on that object (scaled up →
 * scaled down), the words that single it out in chat, and what responders said about it. Used by trigger ranking
 * (suspect-changes.ts).
 */

type Timed = NotableEvent & { at: number };

/** Words too common in names to tie a change to a failure. */
const STOP = new Set(
  "the and for with from into prod production staging stage dev test main master default api app apps service services svc server servers deploy deployment release update config cluster namespace web http https com net org www example internal version new old run job ci cd pipeline step info error log logs".split(
    " ",
  ),
);

/** Name-like tokens of a text: `cortex-prod` → cortex; `edge-proxy-03` → edge, proxy. */
export function tokens(text: string | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  for (const t of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (t.length < 3 || STOP.has(t) || /^\d+$/.test(t) || /^[0-9a-f]{7,}$/.test(t)) continue;
    out.add(t);
  }
  return out;
}

/** The first token both sets hold, or null. */
export function overlaps(a: Set<string>, b: Set<string>): string | null {
  for (const t of a) if (b.has(t)) return t;
  return null;
}

/** A rollback, revert, disable or switch back: words that say a change was undone. */
export const UNDO =
  /\b(?:roll(?:ed|ing)? ?back|revert(?:ed|ing)?|undo|undid|disabl(?:e|ed|ing)|kill[- ]switch|turn(?:ed)? off|back out|backed out|restor(?:e|ed|ing) (?:the )?(?:previous|old)|restor(?:e|ed|ing)(?= (?:--)?(?:revision|from|to|backup|snapshot))|restored from|(?:switch|fail|mov|point|mov)(?:ed|ing)? ?back|back to the (?:old|previous))\b|\b(?:true|on|enabled)\s*(?:->|→|to)\s*(?:false|off|disabled)\b/i;

/** Responders saying a change is not the cause. */
export const DISMISSED =
  /\b(unrelated|not related|red herring|not the cause|not (it|this|that)\b|ruled? out|rule it out|innocent|coincidence|irrelevant|a distraction|nothing to do with)\b/i;
/** Responders tying a change to the failure. */
export const BLAMED =
  /\b(caused|causing|culprit|the cause|root cause|because of|due to|triggered by|started (right )?after|since (the|we)|broke|breaking|(?:we|i) (just |also )?(deployed|added|upgraded|changed|rolled out|published|pushed|ran|merged|applied|enabled|flipped|removed|deleted|migrated|scaled|swapped|rotated|replaced|modified|disabled|turned on))\b/i;

/** Manual commands that destroy or rewrite data: a change by hand with a large blast radius. */
export const DESTRUCTIVE =
  /\brm\s+-[a-z]*[rf]|\b(drop|truncate)\s+(table|database|schema)\b|\bdelete\s+from\b|\bmkfs\b|\bdd\s+if=|\bwipefs\b|\bfdisk\b|\bkubectl\s+delete\b|\bterraform\s+destroy\b/i;

/** Opposite directions of one operation: the second undoes the first. */
const OPPOSITES: Array<[RegExp, RegExp]> = [
  [
    /\b(scaled? up|scal(ed|ing) out|increas\w*|added|grew|grow)\b/i,
    /\b(scaled? down|scal(ed|ing) in|decreas\w*|removed|shr[iu]nk\w*)\b/i,
  ],
  [/\b(enabled?|turn(ed)? on|on\b(?! call))/i, /\b(disabled?|turn(ed)? off|off\b|kill[- ]?switch)/i],
  [/(^|[^o] )\bshut(down)?\b/i, /\bno shut\b|\bstartup\b|\bbrought up\b/i],
  [/\b(creat\w*|attach\w*|install\w*)\b/i, /\b(delet\w*|detach\w*|uninstall\w*|remov\w*)\b/i],
];

/**
 * Whether `later` is the opposite action on the object `change` acted on: the same named object (service,
 * Kubernetes object, flag, interface) and the opposite direction.
 */
export function reverses(change: Timed, later: Timed): boolean {
  if (later.at <= change.at) return false;
  const a = objectKey(change);
  const b = objectKey(later);
  if (a === null || b === null || a !== b) return false;
  for (const [x, y] of OPPOSITES) {
    if ((x.test(change.message) && y.test(later.message)) || (y.test(change.message) && x.test(later.message)))
      return true;
  }
  return false;
}

/** Both act on the same object, or neither names one. */
export function sameObject(a: Timed, b: Timed): boolean {
  const x = objectKey(a);
  return x === null || x === objectKey(b);
}

/** The object a change acted on: Kubernetes object, change record's `what`, service, or the first named thing. */
function objectKey(n: Timed): string | null {
  const obj = objectName(n.message);
  if (obj) return obj.toLowerCase().replace(/-[0-9a-f]{6,10}(-[0-9a-z]{5})?$/, "");
  const iface = /\b(?:Ethernet|eth|xe-|ge-|et-|Port-Channel|ens|eno)[\w/.:-]*\d/i.exec(n.message)?.[0];
  if (iface) return iface.toLowerCase();
  // a flag's key names it better than the project's service
  const flag = /\bflag\s+([\w.-]+)/i.exec(n.message)?.[1];
  if (flag) return flag.toLowerCase();
  const svc = serviceOf(n);
  return svc ? svc.toLowerCase() : null;
}

/** Names specific enough to recognise a change in chat (not the words every change shares). */
export function distinctNames(names: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of names) if (t.length >= 4 && !GENERIC.has(t)) out.add(t);
  return out;
}

const GENERIC = new Set(
  "flag flags feature ruleset rule rules replica replicas scaled scale set sets deployment deployments rollout pods pod node nodes task tasks changed change ansible terraform apply module resource helm chart image commit merge branch sync synced operation completed updated health status east west north south central region zone primary secondary".split(
    " ",
  ),
);

/** `Deployment/ledger-store Scaled…` → `ledger-store`. */
export function objectName(message: string): string | null {
  return /^(?:Deployment|StatefulSet|DaemonSet|ReplicaSet|Application|Rollout)\/([\w.-]+)/.exec(message)?.[1] ?? null;
}

/**
 * Identifiers that name one particular change across its records: commit hashes, versions, run and revision ids
 * (`4c1e0f7`, `v2.3.1`, `8812`). A merge, the CI job that shipped it and the rollout that finished it share them.
 */
export function changeIds(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\w.])(?:[0-9a-f]{7,40}|v\d+\.\d+(?:\.\d+){0,2}(?!\.\d)(?:[-+][\w.]+)?|\d+\.\d+\.\d+(?:\.\d+)?(?!\.\d)(?:[-+][\w.]+)?)\b/gi,
  )) {
    const id = m[0].toLowerCase().replace(/^v/, "");
    // a 7+ hex run must hold a letter and a digit to be a hash, not a number or a word
    if (/^[0-9a-f]+$/.test(id) && !(/[a-f]/.test(id) && /\d/.test(id))) continue;
    out.add(id);
  }
  return out;
}

/** Words that make a chat line about a change rather than about a failing feature. */
export const CHANGE_TALK =
  /\b(deploy\w*|sync\w*|roll\w*|releas\w*|flag|flipped|chang\w*|appl\w*|push\w*|merg\w*|commit\w*|version|replicas?|scal\w*|upgrad\w*|revert\w*|migrat\w*|config\w*|patch\w*|added|removed|shipped|published)\b/i;

/** Responders concluding that no change is behind the failure. */
export const NO_CHANGE =
  /\bno (?:recent )?(?:change|deploy)s? to blame\b|\bnot (?:caused by )?(?:a|any) (?:change|deploy)\b|\bnothing (?:was )?(?:changed|deployed)\b|\bno (?:change|deploy)s? (?:caused|behind|involved)\b/i;

/** A rollback talked about and not done: "hold the rollback", "no need to revert", "don't roll back". */
export const HELD =
  /\b(hold|holding|don'?t|do not|no need to|not|without|instead of|before we|should we|shall we)\b[^.!?]{0,20}\b(roll(ing)? ?back|revert|rollback|undo|disabl)/i;
