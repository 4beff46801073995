import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Files looked at per incident, and the largest read: the scan must stay cheap next to linting the document. */
const MAX_FILES = 400;
const MAX_BYTES = 4 * 1024 * 1024;

// Accounts that act in evidence but are tools, not people.
const BOT =
  /\[bot\]|\bbot\b|^(?:alertmanager|pagerduty|opsgenie|github(?: actions)?|gitlab|jenkins|buildkite|grafana|prometheus|argo ?cd|flux|dependabot|renovate|system|automation|slackbot|workflow|deploy(?:er|bot)?)$/i;

function addName(out: Set<string>, value: unknown): void {
  if (typeof value !== "string") return;
  const name = value.trim();
  if (name.length < 2 || name.length > 60 || BOT.test(name) || /[<>{}=]|https?:/.test(name)) return;
  out.add(name);
}

/**
 * Names in a parsed evidence JSON value: Slack users (`name`, `real_name`, `profile.display_name`), PagerDuty
 * `user_reference` summaries, GitHub `login`s (deployment creators, commit authors), Opsgenie responders and owners,
 * and `actor` / `author` / `committer` fields.
 */
function walk(value: unknown, out: Set<string>, slackUsers: boolean, depth: number): void {
  if (depth > 12 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, out, slackUsers, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (slackUsers && typeof o.id === "string" && ("real_name" in o || "profile" in o)) {
    if (o.is_bot !== true) {
      addName(out, o.name);
      addName(out, o.real_name);
      const p = o.profile as Record<string, unknown> | undefined;
      addName(out, p?.display_name);
      addName(out, p?.real_name);
    }
    return;
  }
  if (typeof o.type === "string" && /user_reference$|^user$/.test(o.type)) addName(out, o.summary ?? o.name);
  if (typeof o.login === "string" && o.type !== "Bot") addName(out, o.login);
  for (const key of ["actor", "author", "committer", "owner", "user_name", "username", "acknowledger", "responder"]) {
    const v = o[key];
    if (typeof v === "string") addName(out, v);
  }
  if (Array.isArray(o.responders)) {
    for (const r of o.responders) {
      const rr = r as Record<string, unknown> | null;
      if (rr && (rr.type === undefined || rr.type === "user")) addName(out, rr.name ?? rr.username);
    }
  }
  for (const v of Object.values(o)) if (v !== null && typeof v === "object") walk(v, out, false, depth + 1);
}

/** "Author: Priya Raman <priya@example.com>" and "Commit:" lines of `git log` output. */
const GIT_PERSON = /^(?:Author|Commit):\s+(.+?)\s+<[^>]*>\s*$/gm;

function scanFile(path: string, name: string, out: Set<string>): void {
  let text: string;
  try {
    if (statSync(path).size > MAX_BYTES) return;
    text = readFileSync(path, "utf8");
  } catch {
    return; // unreadable evidence is the evidence reader's business, not lint's
  }
  if (/\.jsonl?$/i.test(name)) {
    const docs: unknown[] = [];
    try {
      docs.push(JSON.parse(text));
    } catch {
      for (const line of text.split("\n")) {
        if (!line.trim().startsWith("{")) continue;
        try {
          docs.push(JSON.parse(line));
        } catch {
          // a broken line: skip it
        }
      }
    }
    const slack = /users\.json$/i.test(name);
    for (const d of docs) walk(d, out, slack, 0);
    return;
  }
  if (text.includes("Author:")) for (const m of text.matchAll(GIT_PERSON)) addName(out, m[1]);
}

function scanDir(dir: string, out: Set<string>, budget: { files: number }): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (budget.files <= 0) return;
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith(".")) scanDir(path, out, budget);
    } else if (e.isFile() && /\.(?:jsonl?|log|txt)$/i.test(e.name)) {
      budget.files--;
      scanFile(path, e.name, out);
    }
  }
}

/**
 * The people of the incident a post-mortem belongs to, read from its folder's evidence: for `DIR/postmortem.md`, the
 * names and handles in `DIR/evidence/` (Slack `users.json`, PagerDuty and Opsgenie responders, GitHub and git authors,
 * CI and chat actors). Empty for a file that is not an incident folder's `postmortem.md`, or without evidence.
 * Never throws: a file it cannot read is skipped.
 * @param postmortemPath absolute path of the post-mortem
 */
export function incidentPeople(postmortemPath: string): string[] {
  if (basename(postmortemPath).toLowerCase() !== "postmortem.md") return [];
  const evidence = join(dirname(postmortemPath), "evidence");
  try {
    if (!statSync(evidence).isDirectory()) return [];
  } catch {
    return [];
  }
  const out = new Set<string>();
  scanDir(evidence, out, { files: MAX_FILES });
  return [...out].sort();
}
