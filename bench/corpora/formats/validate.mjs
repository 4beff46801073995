#!/usr/bin/env node
// Validates every item of the blind "formats" corpus (issue 15) against the schema in
// /work/brief/corpora-layout.md. Plain Node, no project imports, so it can run without the code under test.
// Usage: node bench/corpora/formats/validate.mjs [--quiet]
// It prints only counts and problems, never sample contents, so it is safe to run on the sealed half.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const HALVES = ["dev", "sealed"];
const KINDS = new Set(["layout", "change", "report"]);
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const quiet = process.argv.includes("--quiet");

const errors = [];
const warnings = [];
const counts = {};
const families = { dev: new Set(), sealed: new Set() };

const err = (id, msg) => errors.push(`${id}: ${msg}`);
const warn = (id, msg) => warnings.push(`${id}: ${msg}`);

function isIsoZ(v) {
  return typeof v === "string" && ISO_Z.test(v) && !Number.isNaN(Date.parse(v));
}
function validZone(z) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    return true;
  } catch {
    return false;
  }
}
function fileLines(dir, name) {
  const p = path.join(dir, name);
  if (!fs.existsSync(p)) return null;
  const text = fs.readFileSync(p, "utf8");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Wall-clock renderings of an instant in a zone, used to cross-check layout truths independently of the generator. */
function renderings(iso, zone) {
  const d = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const h12 = ((Number(parts.hour) + 11) % 12) + 1;
  const secs = Math.floor(d.getTime() / 1000);
  return [
    `${parts.hour}:${parts.minute}:${parts.second}`, // HH:mm:ss local
    `${parts.hour}${parts.minute}${parts.second}`, // HHmmss packed (zabbix, HDFS)
    `${parts.hour}.${parts.minute}.${parts.second}`, // BGL style
    `${h12}:${parts.minute}:${parts.second}`, // 12-hour clock (java.util.logging)
    String(secs), // epoch seconds
    String(d.getTime()), // epoch millis (pino, buildkite)
  ];
}

for (const half of HALVES) {
  const hdir = path.join(ROOT, half);
  if (!fs.existsSync(hdir)) {
    err(half, "missing half directory");
    continue;
  }
  for (const id of fs.readdirSync(hdir).sort()) {
    const dir = path.join(hdir, id);
    if (!fs.statSync(dir).isDirectory()) continue;
    const ij = path.join(dir, "item.json");
    if (!fs.existsSync(ij)) {
      err(id, "no item.json");
      continue;
    }
    let item;
    try {
      item = JSON.parse(fs.readFileSync(ij, "utf8"));
    } catch (e) {
      err(id, `item.json is not JSON: ${e.message}`);
      continue;
    }
    const tag = `${half}/${id}`;
    if (item.id !== id) err(tag, `id "${item.id}" differs from folder name`);
    if (!KINDS.has(item.kind)) err(tag, `kind must be layout|change|report, got ${item.kind}`);
    if (typeof item.tool !== "string" || !item.tool) err(tag, "tool missing");
    if (!Array.isArray(item.provenance) || item.provenance.length === 0) err(tag, "provenance missing");
    else
      for (const p of item.provenance)
        if (!p || typeof p.title !== "string" || typeof p.url !== "string" || !/^https?:\/\//.test(p.url))
          err(tag, `bad provenance entry ${JSON.stringify(p)}`);
    if (typeof item.notes !== "string") err(tag, "notes must be a string");
    if (typeof item.timezone !== "string" || !validZone(item.timezone))
      err(tag, `timezone must be an IANA zone, got ${item.timezone}`);
    if (item.assumedYear !== undefined && !Number.isInteger(item.assumedYear))
      err(tag, "assumedYear must be an integer");
    if (typeof item.family !== "string") err(tag, "family missing");
    else families[half].add(`${item.kind}:${item.family}`);
    const files = Array.isArray(item.files) && item.files.length ? item.files : null;
    if (!files) {
      err(tag, "files[] missing");
      continue;
    }
    const contents = {};
    for (const f of files) {
      const ls = fileLines(dir, f);
      if (!ls) err(tag, `listed file ${f} missing`);
      else contents[f] = ls;
    }
    for (const f of fs.readdirSync(dir))
      if (f !== "item.json" && !files.includes(f)) err(tag, `file ${f} not listed in files[]`);
    const main = contents[files[0]];
    if (!main) continue;
    const lineOk = (f, n) => Number.isInteger(n) && n >= 1 && contents[f] && n <= contents[f].length;
    counts[`${item.kind}/${half}`] = (counts[`${item.kind}/${half}`] ?? 0) + 1;

    if (item.kind === "layout") {
      if (main.length < 10 || main.length > 60) err(tag, `sample has ${main.length} lines, expected 10-60`);
      if (!Array.isArray(item.lines)) {
        err(tag, "lines[] missing");
        continue;
      }
      if (item.lines.length !== main.length)
        err(tag, `lines[] has ${item.lines.length} entries but the sample has ${main.length} lines`);
      let prev = null;
      let timed = 0;
      item.lines.forEach((l, k) => {
        if (l.line !== k + 1) err(tag, `lines[${k}].line is ${l.line}, expected ${k + 1}`);
        if (l.time === null) {
          if (!["continuation", "header", "footer"].includes(l.kind))
            err(tag, `line ${l.line}: null time needs kind continuation|header|footer`);
          return;
        }
        if (!isIsoZ(l.time)) {
          err(tag, `line ${l.line}: time "${l.time}" is not ISO 8601 with Z`);
          return;
        }
        timed++;
        if (prev && Date.parse(l.time) < Date.parse(prev)) warn(tag, `line ${l.line}: time goes backwards`);
        prev = l.time;
        // Independent cross-check: the line must show the truth instant in the item's zone (or as epoch).
        if (item.relativeTo) return;
        const text = main[l.line - 1] ?? "";
        const zones = [item.timezone, "UTC"];
        // Lines that carry their own numeric offset (+0200, -07:00) are also checked at that offset.
        const offsets = [...text.matchAll(/[+-](\d{2}):?(\d{2})\b/g)].map(
          (m) => (m[0][0] === "-" ? -1 : 1) * (Number(m[1]) * 60 + Number(m[2])),
        );
        const shifted = offsets.map((o) => new Date(Date.parse(l.time) + o * 60000).toISOString());
        const found =
          zones.some((z) => renderings(l.time, z).some((r) => text.includes(r))) ||
          shifted.some((s) =>
            renderings(s, "UTC")
              .slice(0, 4)
              .some((r) => text.includes(r)),
          );
        if (!found)
          err(tag, `line ${l.line}: truth ${l.time} not visible in the line as ${item.timezone} wall time or epoch`);
      });
      if (timed < item.lines.length * 0.5) warn(tag, `only ${timed}/${item.lines.length} lines are timed`);
    } else if (item.kind === "change") {
      if (!Array.isArray(item.changes) || item.changes.length === 0) err(tag, "changes[] missing or empty");
      else
        for (const c of item.changes) {
          const f = c.file ?? files[0];
          if (!lineOk(f, c.line)) err(tag, `change line ${c.line} outside ${f}`);
          if (!isIsoZ(c.effectiveAt)) err(tag, `change line ${c.line}: effectiveAt "${c.effectiveAt}" not ISO Z`);
          if (c.committedAt !== null && !isIsoZ(c.committedAt))
            err(tag, `change line ${c.line}: committedAt must be ISO Z or null`);
          if (c.startedAt !== undefined && !isIsoZ(c.startedAt)) err(tag, `change line ${c.line}: startedAt not ISO Z`);
          if (c.startedAt && Date.parse(c.startedAt) > Date.parse(c.effectiveAt))
            err(tag, `change line ${c.line}: startedAt after effectiveAt`);
          if (c.startLine !== undefined && !lineOk(f, c.startLine))
            err(tag, `change startLine ${c.startLine} outside ${f}`);
          if (typeof c.what !== "string" || !c.what) err(tag, `change line ${c.line}: what missing`);
          if (!Array.isArray(c.where)) err(tag, `change line ${c.line}: where must be an array`);
          if (c.who !== null && typeof c.who !== "string")
            err(tag, `change line ${c.line}: who must be string or null`);
        }
    } else if (item.kind === "report") {
      if (!Array.isArray(item.reports) || item.reports.length === 0) err(tag, "reports[] missing or empty");
      else
        for (const r of item.reports) {
          if (!lineOk(files[0], r.line)) err(tag, `report line ${r.line} outside ${files[0]}`);
          if (!isIsoZ(r.at)) err(tag, `report line ${r.line}: at "${r.at}" not ISO Z`);
          if (typeof r.actor !== "string" || !r.actor) err(tag, `report line ${r.line}: actor missing`);
          if (typeof r.what !== "string" || !r.what) err(tag, `report line ${r.line}: what missing`);
        }
    }
  }
}

const onlyOne = [...new Set([...families.dev, ...families.sealed])].filter(
  (f) => !(families.dev.has(f) && families.sealed.has(f)),
);
console.log("items per kind/half:", JSON.stringify(counts));
if (onlyOne.length) console.log(`families present in one half only (single-item families): ${onlyOne.length}`);
if (!quiet) for (const w of warnings) console.log(`warning ${w}`);
for (const e of errors) console.log(`ERROR ${e}`);
console.log(`${errors.length} errors, ${warnings.length} warnings`);
process.exit(errors.length ? 1 : 0);
