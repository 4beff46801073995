import type { ChangeType } from "./change-recogniser.js";

/**
 * Change verbs (lower-case stems) and the kind of change each names. Shared by the generic recognisers: a record's
 * action field and a log line's completed clause are read against the same vocabulary, so "a change" means one thing.
 */
const STEMS: ReadonlyMap<string, ChangeType> = new Map<string, ChangeType>([
  ["create", "other"],
  ["update", "other"],
  ["modify", "other"],
  ["patch", "other"],
  ["put", "other"],
  ["delete", "other"],
  ["remove", "other"],
  ["replace", "other"],
  ["write", "other"],
  ["edit", "other"],
  ["change", "other"],
  ["set", "config"],
  ["add", "other"],
  ["attach", "infra"],
  ["detach", "infra"],
  ["deploy", "deploy"],
  ["redeploy", "deploy"],
  ["release", "release"],
  ["rollout", "deploy"],
  ["rollback", "rollback"],
  ["revert", "rollback"],
  ["apply", "infra"],
  ["publish", "release"],
  ["promote", "deploy"],
  ["scale", "scale"],
  ["restart", "restart"],
  ["reload", "config"],
  ["reconfigure", "config"],
  ["enable", "flag"],
  ["disable", "flag"],
  ["toggle", "flag"],
  ["turn", "flag"],
  ["migrate", "other"],
  ["install", "release"],
  ["uninstall", "release"],
  ["upgrade", "release"],
  ["downgrade", "release"],
]);

/** Inflected forms → stem (`updated`, `updates`, `applied`, `rolled`…); `ing` forms are kept apart (in progress). */
function stemOf(word: string): { stem: string; done: boolean; ing: boolean } | null {
  const w = word.toLowerCase();
  if (STEMS.has(w)) return { stem: w, done: false, ing: false };
  const tries: [string, boolean, boolean][] = [];
  if (w.endsWith("ied")) tries.push([`${w.slice(0, -3)}y`, true, false]);
  if (w.endsWith("ed")) tries.push([w.slice(0, -2), true, false], [w.slice(0, -1), true, false]);
  if (w.endsWith("ped") || w.endsWith("ted") || w.endsWith("ded")) tries.push([w.slice(0, -3), true, false]);
  if (w.endsWith("ies")) tries.push([`${w.slice(0, -3)}y`, false, false]);
  if (w.endsWith("es")) tries.push([w.slice(0, -2), false, false]);
  if (w.endsWith("s")) tries.push([w.slice(0, -1), false, false]);
  if (w.endsWith("ing")) tries.push([w.slice(0, -3), false, true], [`${w.slice(0, -3)}e`, false, true]);
  if (w === "rolledout" || w === "rolled_out") return { stem: "rollout", done: true, ing: false };
  for (const [s, done, ing] of tries) if (STEMS.has(s)) return { stem: s, done, ing };
  return null;
}

/** The kind of change a stem names. */
export function changeTypeOf(stem: string): ChangeType {
  return STEMS.get(stem) ?? "other";
}

/** A verb found in a name: its stem, whether it was written as done (`updated`), in progress (`updating`). */
export interface VerbHit {
  stem: string;
  done: boolean;
  ing: boolean;
  /** The other words of the name (the resource kind: `Stack` of `UpdateStack`). */
  rest: string[];
}

/** Words of an API or event name: `UpdateStack`, `settingValueChanged`, `flag.updated`, `Microsoft.Web/sites/write`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The change verb an action-like value names, first or last word (`UpdateStack`, `settingValueChanged`, `created`,
 * `UPDATE_COMPLETE`, `flag.updated`, `turn off`), or null. Values longer than an identifier are free text, never read.
 */
export function actionVerb(value: string): VerbHit | null {
  if (value.length === 0 || value.length > 80) return null;
  const words = nameWords(value);
  if (words.length === 0 || words.length > 6) return null;
  const first = words[0] ?? "";
  const hitFirst = stemOf(first);
  if (hitFirst) return { ...hitFirst, rest: words.slice(1) };
  // `UPDATE_COMPLETE`, `UPDATE_IN_PROGRESS`: the verb comes first, so only the last word is left to try
  const last = words[words.length - 1] ?? "";
  const hitLast = words.length > 1 ? stemOf(last) : null;
  return hitLast ? { ...hitLast, rest: words.slice(0, -1) } : null;
}
