// Checks every scenario's truth.json against the layout in /work/brief/corpora-layout.md (scenarios):
// all fields present with the right types, UTC ISO times with Z, referenced files inside the incident folder,
// referenced lines within the file, milestone order, and the folder holding only debrief.yaml, evidence/, truth.json.
// Usage: node bench/corpora/scenarios/validate.mjs   (exit 1 on any problem)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const root = path.dirname(fileURLToPath(import.meta.url));
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const MILESTONES = ["impactStart", "detected", "paged", "acknowledged", "mitigated", "recovered", "resolved"];
const FIELDS = [
  "id",
  "modelledOn",
  "story",
  "milestones",
  "trigger",
  "redHerrings",
  "impact",
  "baselineNoise",
  "intermittent",
  "skews",
  "zones",
  "gaps",
  "errorOnlySources",
  "precursors",
  "falseRecoveries",
  "waits",
  "people",
];
let problems = 0;
let count = 0;
const bad = (where, msg) => {
  problems++;
  console.error(`${where}: ${msg}`);
};
const lineCount = new Map();
function linesOf(dir, rel) {
  const key = path.join(dir, rel);
  if (!lineCount.has(key)) {
    let buf = fs.readFileSync(key);
    if (rel.endsWith(".gz")) buf = zlib.gunzipSync(buf);
    const text = buf.toString("utf8");
    lineCount.set(key, text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length);
  }
  return lineCount.get(key);
}
function fileRef(where, dir, rel, line) {
  if (typeof rel !== "string" || !rel.startsWith("evidence/"))
    return bad(where, `file must be a path under evidence/: ${rel}`);
  if (!fs.existsSync(path.join(dir, rel))) return bad(where, `missing file ${rel}`);
  if (line !== undefined) {
    if (!Number.isInteger(line) || line < 1) return bad(where, `line must be a positive integer: ${line}`);
    const n = linesOf(dir, rel);
    if (line > n) bad(where, `line ${line} beyond end of ${rel} (${n} lines)`);
  }
}
const time = (where, v, nullable = false) => {
  if (v === null && nullable) return;
  if (typeof v !== "string" || !ISO_Z.test(v) || Number.isNaN(Date.parse(v)))
    bad(where, `not a UTC ISO time with Z: ${JSON.stringify(v)}`);
};
const arr = (where, v) => {
  if (!Array.isArray(v)) {
    bad(where, "must be an array");
    return [];
  }
  return v;
};

for (const half of ["dev", "sealed"]) {
  const hdir = path.join(root, half);
  if (!fs.existsSync(hdir)) continue;
  for (const id of fs.readdirSync(hdir).sort()) {
    const dir = path.join(hdir, id);
    if (!fs.statSync(dir).isDirectory()) continue;
    count++;
    const w = `${half}/${id}`;
    const entries = fs.readdirSync(dir).sort();
    const extra = entries.filter((e) => !["debrief.yaml", "evidence", "truth.json"].includes(e));
    if (extra.length) bad(w, `unexpected entries: ${extra.join(", ")}`);
    for (const need of ["debrief.yaml", "evidence", "truth.json"])
      if (!entries.includes(need)) bad(w, `missing ${need}`);
    let t;
    try {
      t = JSON.parse(fs.readFileSync(path.join(dir, "truth.json"), "utf8"));
    } catch (e) {
      bad(w, `truth.json does not parse: ${e.message}`);
      continue;
    }
    for (const f of FIELDS) if (!(f in t)) bad(w, `truth.json lacks ${f}`);
    if (t.id !== id) bad(w, `id ${t.id} differs from folder name`);
    for (const m of arr(`${w} modelledOn`, t.modelledOn))
      if (!m.title || !/^https?:\/\//.test(m.url ?? "")) bad(w, "modelledOn entries need title and url");
    if (arr(`${w} modelledOn`, t.modelledOn).length === 0) bad(w, "modelledOn is empty");
    if (typeof t.story !== "string" || t.story.split(/[.!?](\s|$)/).filter((s) => s && s.trim().length > 3).length < 3)
      bad(w, "story should be 3-6 sentences");
    const ms = t.milestones ?? {};
    for (const k of MILESTONES) {
      if (!(k in ms)) bad(w, `milestones lacks ${k}`);
      time(`${w} milestones.${k}`, ms[k], true);
    }
    const order = MILESTONES.filter((k) => ms[k]).map((k) => [k, Date.parse(ms[k])]);
    const get = (k) => (ms[k] ? Date.parse(ms[k]) : null);
    if (get("impactStart") && get("detected") && get("detected") < get("impactStart"))
      bad(w, "detected before impactStart");
    if (get("paged") && get("acknowledged") && get("acknowledged") < get("paged")) bad(w, "acknowledged before paged");
    if (get("impactStart") && get("recovered") && get("recovered") <= get("impactStart"))
      bad(w, "recovered before impactStart");
    if (get("recovered") && get("resolved") && get("resolved") < get("recovered")) bad(w, "resolved before recovered");
    void order;
    if (t.trigger !== null) {
      if (typeof t.trigger !== "object") bad(w, "trigger must be null or an object");
      else {
        fileRef(`${w} trigger`, dir, t.trigger.file, t.trigger.line);
        time(`${w} trigger.effectiveAt`, t.trigger.effectiveAt);
        if (!t.trigger.what) bad(w, "trigger.what missing");
        if (get("impactStart") && Date.parse(t.trigger.effectiveAt) > get("impactStart"))
          bad(w, "trigger takes effect after impact start");
      }
    }
    for (const h of arr(`${w} redHerrings`, t.redHerrings)) {
      fileRef(`${w} redHerring`, dir, h.file, h.line);
      if (!h.what) bad(w, "redHerring.what missing");
    }
    const imp = arr(`${w} impact`, t.impact);
    if (imp.length === 0) bad(w, "impact is empty");
    for (const i of imp) {
      if (typeof i.service !== "string") bad(w, "impact.service must be a string");
      if (!("endpoint" in i) || !("status" in i)) bad(w, "impact rows need endpoint and status (null allowed)");
      if (
        !Number.isInteger(i.failed) ||
        !Number.isInteger(i.total) ||
        i.failed < 0 ||
        i.failed > i.total ||
        i.total === 0
      )
        bad(w, `impact counts invalid: ${i.failed}/${i.total}`);
    }
    if ("business" in t) {
      const b = t.business;
      if (!Number.isInteger(b.failedOrders) || typeof b.amount !== "number" || !/^[A-Z]{3}$/.test(b.currency ?? ""))
        bad(w, "business needs failedOrders, amount, currency");
    }
    for (const b of arr(`${w} baselineNoise`, t.baselineNoise)) {
      fileRef(`${w} baselineNoise`, dir, b.file);
      if (!b.what) bad(w, "baselineNoise.what missing");
    }
    if (typeof t.intermittent !== "boolean") bad(w, "intermittent must be boolean");
    for (const s of arr(`${w} skews`, t.skews)) {
      fileRef(`${w} skew`, dir, s.file);
      if (typeof s.offsetSeconds !== "number" || s.offsetSeconds === 0)
        bad(w, "skew.offsetSeconds must be a non-zero number");
    }
    for (const z of arr(`${w} zones`, t.zones)) {
      fileRef(`${w} zone`, dir, z.file);
      if (!Number.isInteger(z.utcOffsetMinutes) || typeof z.zone !== "string" || !["abbrev", "none"].includes(z.marked))
        bad(w, "zone entry invalid");
    }
    for (const g of arr(`${w} gaps`, t.gaps)) {
      fileRef(`${w} gap`, dir, g.file);
      time(`${w} gap.from`, g.from);
      time(`${w} gap.to`, g.to);
      if (Date.parse(g.to) <= Date.parse(g.from)) bad(w, "gap.to must follow gap.from");
    }
    for (const e of arr(`${w} errorOnlySources`, t.errorOnlySources)) fileRef(`${w} errorOnlySource`, dir, e);
    for (const p of arr(`${w} precursors`, t.precursors)) {
      fileRef(`${w} precursor`, dir, p.file, p.line);
      time(`${w} precursor.at`, p.at);
      if (get("impactStart") && Date.parse(p.at) >= get("impactStart"))
        bad(w, "precursor must fire before impact start");
    }
    for (const f of arr(`${w} falseRecoveries`, t.falseRecoveries)) {
      time(`${w} falseRecovery.at`, f.at);
      time(`${w} falseRecovery.refailAt`, f.refailAt);
      if (Date.parse(f.refailAt) <= Date.parse(f.at)) bad(w, "refailAt must follow at");
    }
    for (const x of arr(`${w} waits`, t.waits)) {
      time(`${w} wait.from`, x.from);
      time(`${w} wait.to`, x.to);
      if (!x.what) bad(w, "wait.what missing");
    }
    if (arr(`${w} people`, t.people).some((p) => typeof p !== "string")) bad(w, "people must be strings");
    const yaml = fs.readFileSync(path.join(dir, "debrief.yaml"), "utf8");
    if (!/^window:\n {2}start: "[^"]+Z"\n {2}end: "[^"]+Z"/m.test(yaml))
      bad(w, "debrief.yaml needs window.start and window.end (UTC)");
    if (!/^services:\n {2}- /m.test(yaml)) bad(w, "debrief.yaml needs services");
    let size = 0;
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else size += fs.statSync(path.join(d, e.name)).size;
      }
    };
    walk(path.join(dir, "evidence"));
    if (size > 3.3e6) bad(w, `evidence is ${(size / 1e6).toFixed(2)} MB (keep under ~3 MB)`);
  }
}
console.log(`${count} scenarios checked, ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
