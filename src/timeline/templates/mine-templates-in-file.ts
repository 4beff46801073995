import { statSync } from "node:fs";
import { FORMATS } from "../../evidence/formats/index.js";
import { type ReadEvidenceOptions, readEvidence } from "../../evidence/read-evidence.js";
import { DebriefError } from "../../model/debrief-error.js";
import type { RawEvent } from "../../model/event.js";
import type { EvidenceSource } from "../../model/evidence-source.js";
import { redact } from "../../util/redact/index.js";
import { TemplateMiner, templateIdOf } from "./template-miner.js";

/** A template of one file with its occurrences. */
export interface FileTemplate {
  templateId: string;
  template: string;
  count: number;
  /** Epoch ms of the first and last occurrence. */
  first: number;
  last: number;
}

/** One mined line, as `debrief templates --json` prints it. */
export interface MinedLine {
  line: number;
  message: string;
  template: string;
  templateId: string;
}

/** Options of {@link mineTemplatesInFile}. */
export interface MineFileOptions {
  format?: string;
  cwd?: string;
  /** Called for every event, in file order, with its final template (streaming output). */
  onLine?: (line: MinedLine) => void;
}

/** What mining a file found. */
export interface MineFileResult {
  sources: EvidenceSource[];
  events: number;
  /** Most frequent first. */
  templates: FileTemplate[];
  /** The file changed between the two reads; the result covers the first. */
  changedWhileReading: boolean;
}

/**
 * Mine the log templates of one evidence file. Pass 1 mines every message; templates only settle once all messages
 * are in, so pass 2 reads the file again to give each event its final template. Memory stays at one cluster number
 * per event, not the whole log.
 * @throws DebriefError USAGE for a folder or an unknown format; INPUT_NOT_FOUND for a missing file
 */
export async function mineTemplatesInFile(path: string, options: MineFileOptions = {}): Promise<MineFileResult> {
  const read: ReadEvidenceOptions = options.cwd ? { cwd: options.cwd } : {};
  if (options.format !== undefined) {
    if (!FORMATS.some((f) => f.id === options.format)) {
      throw new DebriefError(
        "USAGE",
        `unknown format "${options.format}"; valid formats: ${FORMATS.map((f) => f.id).join(", ")}`,
      );
    }
    read.format = options.format;
  }
  // line numbers are per file, so one file at a time
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DebriefError("USAGE", `${path} is a folder; give one evidence file`);
  }
  const miner = new TemplateMiner();
  const clusterOf: number[] = [];
  const { sources } = await readEvidence([path], {
    ...read,
    onEvent: (e) => {
      clusterOf.push(miner.add(e.message));
    },
  });
  const ids = new Map<string, string>();
  const idOf = (template: string) => {
    let id = ids.get(template);
    if (id === undefined) {
      id = templateIdOf(template);
      ids.set(template, id);
    }
    return id;
  };
  const rows = new Map<string, FileTemplate>();
  let seen = 0;
  if (clusterOf.length > 0) {
    const onEvent = (e: RawEvent) => {
      const cluster = clusterOf[seen++];
      if (cluster === undefined) return; // the file grew between the passes: those events were not mined
      const template = miner.templateFor(cluster, e.message);
      const templateId = idOf(template);
      if (options.onLine) {
        options.onLine({ line: e.line, message: redact(e.message).text, template: redact(template).text, templateId });
      }
      let row = rows.get(template);
      if (row === undefined) {
        row = { templateId, template, count: 0, first: e.ts, last: e.ts };
        rows.set(template, row);
      }
      row.count++;
      if (e.ts < row.first) row.first = e.ts;
      if (e.ts > row.last) row.last = e.ts;
    };
    await readEvidence([path], { ...read, onEvent });
  }
  return {
    sources,
    events: Math.min(seen, clusterOf.length),
    // a credential that never varies stays in the template text: masked before it leaves
    templates: [...rows.values()]
      .sort((a, b) => b.count - a.count || a.first - b.first)
      .map((row) => ({ ...row, template: redact(row.template).text })),
    changedWhileReading: clusterOf.length > 0 && seen !== clusterOf.length,
  };
}
