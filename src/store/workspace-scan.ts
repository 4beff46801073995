import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, parse as parseYaml } from "yaml";
import { DebriefError } from "../model/debrief-error.js";
import type { Postmortem } from "../model/postmortem.js";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";
import {
  buildIncidentRecord,
  type IncidentConfigSummary,
  type IncidentRecord,
  type IndexProblem,
  type TimelineSummary,
} from "./incident-record.js";
import type { PostmortemParser } from "./parser.js";

/** The files of an incident folder the index reads, by kind. */
export const INCIDENT_FILES = {
  postmortem: "postmortem.md",
  timeline: "timeline.json",
  config: "debrief.yaml",
} as const;
export type FileKind = keyof typeof INCIDENT_FILES;

/** Post-mortems larger than this are recorded as a problem instead of parsed: no real document is this big. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** A file of an incident folder as the scan found it. */
export interface ScannedFile {
  rel: string;
  dir: string;
  kind: FileKind;
  abs: string;
  size: number;
  mtimeMs: number;
}

/** List incident folders (direct children, not hidden) and the files the index reads in each. */
export function scanWorkspace(workspace: string): {
  files: ScannedFile[];
  dirs: Set<string>;
  irregular: IndexProblem[];
} {
  const files: ScannedFile[] = [];
  const irregular: IndexProblem[] = [];
  const dirs = new Set<string>();
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(workspace, { withFileTypes: true });
  } catch (error) {
    throw new DebriefError("INPUT_UNREADABLE", `cannot list workspace ${workspace}: ${(error as Error).message}`, {
      location: { path: workspace },
    });
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    for (const kind of Object.keys(INCIDENT_FILES) as FileKind[]) {
      const rel = `${entry.name}/${INCIDENT_FILES[kind]}`;
      const abs = join(workspace, entry.name, INCIDENT_FILES[kind]);
      // No exception for the common case of an absent file: with 10,000 incidents, throwing costs more than stat.
      let st: import("node:fs").Stats | undefined;
      try {
        st = statSync(abs, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (!st) continue;
      dirs.add(entry.name);
      if (!st.isFile()) {
        // A FIFO or device would block or never end when read; a folder named like a file is a mistake to report.
        irregular.push({
          incidentDir: entry.name,
          path: rel,
          line: null,
          code: "file-not-regular",
          message: `${rel} is not a regular file (expected ${INCIDENT_FILES[kind]})`,
        });
        continue;
      }
      files.push({ rel, dir: entry.name, kind, abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
    }
  }
  return { files, dirs, irregular };
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const lossyDecoder = new TextDecoder("utf-8");

interface ReadResult {
  text: string | null;
  sha256: string;
  problem: IndexProblem | null;
}

function readIncidentFile(f: ScannedFile): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(f.abs);
  } catch (error) {
    return {
      text: null,
      sha256: "unreadable",
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line: null,
        code: "file-unreadable",
        message: `cannot read ${f.rel}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    };
  }
  const sha256 = createHash("sha256").update(buf).digest("hex");
  if (buf.length > MAX_FILE_BYTES) {
    return {
      text: null,
      sha256,
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line: null,
        code: "file-too-large",
        message: `${f.rel} is ${buf.length} bytes; files over ${MAX_FILE_BYTES} bytes are not indexed`,
      },
    };
  }
  try {
    return { text: decoder.decode(buf), sha256, problem: null };
  } catch {
    const text = lossyDecoder.decode(buf);
    const line = text.slice(0, text.indexOf("\uFFFD")).split("\n").length;
    return {
      text,
      sha256,
      problem: {
        incidentDir: f.dir,
        path: f.rel,
        line,
        code: "file-encoding",
        message: `${f.rel}:${line} is not valid UTF-8; invalid bytes were replaced`,
      },
    };
  }
}

/** sha256 of a file's bytes, "unreadable" when it cannot be read. */
export function hashFile(f: ScannedFile): string {
  try {
    return createHash("sha256").update(readFileSync(f.abs)).digest("hex");
  } catch {
    return "unreadable";
  }
}

function jsonProblem(f: ScannedFile, text: string, error: Error): IndexProblem {
  const pos = /position (\d+)/.exec(error.message);
  let line = pos ? text.slice(0, Number(pos[1])).split("\n").length : null;
  if (line === null) {
    // Node 20 does not always say where JSON.parse failed; JSON is YAML, and the YAML parser reports lines.
    line = parseDocument(text).errors[0]?.linePos?.[0]?.line ?? null;
  }
  return {
    incidentDir: f.dir,
    path: f.rel,
    line,
    code: "timeline-invalid",
    message: `${f.rel}${line ? `:${line}` : ""} is not valid JSON (expected the output of \`debrief timeline --json\`): ${error.message}`,
  };
}

/** Read, parse and summarise one incident folder. Never throws for bad content. */
export function readIncident(
  dir: string,
  files: ScannedFile[],
  parser: PostmortemParser,
  irregular: IndexProblem[],
): { record: IncidentRecord; hashes: Map<string, string> } {
  const hashes = new Map<string, string>();
  const extra: IndexProblem[] = [...irregular];
  let postmortem: Postmortem | null = null;
  let parseProblems: ParseProblem[] = [];
  let timeline: TimelineSummary | null = null;
  let config: IncidentConfigSummary | null = null;
  const pmPath = `${dir}/${INCIDENT_FILES.postmortem}`;
  for (const f of files) {
    const r = readIncidentFile(f);
    hashes.set(f.rel, r.sha256);
    if (r.problem) extra.push(r.problem);
    if (r.text === null) continue;
    if (f.kind === "postmortem") {
      try {
        const parsed = parser(r.text, f.rel);
        postmortem = parsed.postmortem;
        parseProblems = parsed.problems;
      } catch (error) {
        extra.push({
          incidentDir: dir,
          path: f.rel,
          line: null,
          code: "postmortem-unparseable",
          message: `${f.rel} could not be parsed: ${(error as Error).message}`,
        });
      }
    } else if (f.kind === "timeline") {
      try {
        const value: unknown = JSON.parse(r.text);
        if (value && typeof value === "object" && !Array.isArray(value)) timeline = value as TimelineSummary;
        else throw new Error("top level is not an object");
      } catch (error) {
        extra.push(jsonProblem(f, r.text, error as Error));
      }
    } else {
      try {
        const value: unknown = parseYaml(r.text);
        if (value && typeof value === "object" && !Array.isArray(value)) config = value as IncidentConfigSummary;
        else if (value !== null && value !== undefined) throw new Error("top level is not a mapping");
      } catch (error) {
        extra.push({
          incidentDir: dir,
          path: f.rel,
          line: (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line ?? null,
          code: "config-invalid",
          message: `${f.rel} is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
        });
      }
    }
  }
  const record = buildIncidentRecord({
    dir,
    postmortem,
    postmortemPath: pmPath,
    parseProblems,
    timeline,
    config,
    extraProblems: extra,
  });
  return { record, hashes };
}
