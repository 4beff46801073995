import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DebriefError } from "../../model/debrief-error.js";
import { LOGHUB_2K_DATASETS } from "../../util/loghub-datasets.js";
import { parseCsv } from "../../util/parse-csv.js";

export { LOGHUB_2K_DATASETS };

/** One Loghub 2k dataset with its ground truth, as the benchmark and the regression test use it. */
export interface LoghubDataset {
  /** Dataset name, e.g. `HDFS`. */
  name: string;
  /** Path of the raw `<Name>_2k.log`. */
  logPath: string;
  /** Path of the ground-truth CSV that was read. */
  truthPath: string;
  /** `corrected` (Loghub-2.0) or `original` (only where no corrected file exists). */
  truthKind: "corrected" | "original";
  /** The `Content` column: the message part of each line, headers stripped by Loghub. */
  contents: string[];
  /** The `EventId` column. */
  eventIds: string[];
  /** The `EventTemplate` column. */
  templates: string[];
}

/**
 * Load one dataset from a Loghub 2k folder (`root/<Name>/<Name>_2k.log_structured_corrected.csv`, falling back to
 * the original `_structured.csv` only when no corrected file exists).
 * @throws DebriefError `INPUT_NOT_FOUND` when neither file exists, `INPUT_INVALID` when required columns are missing
 */
export function loadLoghubDataset(root: string, name: string): LoghubDataset {
  const dir = join(root, name);
  const corrected = join(dir, `${name}_2k.log_structured_corrected.csv`);
  const original = join(dir, `${name}_2k.log_structured.csv`);
  const truthKind = existsSync(corrected) ? "corrected" : "original";
  const truthPath = truthKind === "corrected" ? corrected : original;
  if (!existsSync(truthPath)) {
    throw new DebriefError("INPUT_NOT_FOUND", `no ground truth for ${name}`, { location: { path: truthPath } });
  }
  const rows = parseCsv(readFileSync(truthPath, "utf8"), truthPath);
  const header = rows[0] ?? [];
  const col = (h: string) => {
    const k = header.indexOf(h);
    if (k < 0) {
      throw new DebriefError("INPUT_INVALID", `missing column ${h} (header: ${header.join(",")})`, {
        location: { path: truthPath, line: 1 },
      });
    }
    return k;
  };
  const ci = col("Content");
  const ei = col("EventId");
  const ti = col("EventTemplate");
  const contents: string[] = [];
  const eventIds: string[] = [];
  const templates: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && row[0] === "") continue;
    contents.push(row[ci] ?? "");
    eventIds.push(row[ei] ?? "");
    templates.push(row[ti] ?? "");
  }
  return { name, logPath: join(dir, `${name}_2k.log`), truthPath, truthKind, contents, eventIds, templates };
}
