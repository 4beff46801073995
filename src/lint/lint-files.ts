import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DebriefError } from "../model/debrief-error.js";
// the parser alone: the postmortem index also carries draft (timeline, evidence), which lint never needs
import { parsePostmortem } from "../postmortem/parse-postmortem.js";
import { assertPostmortemSize, decodePostmortem } from "../postmortem/postmortem-file.js";
import { incidentPeople } from "./incident-people.js";
import { defaultLintConfig, type LintConfig, loadLintConfig, nearestLintConfig } from "./lint-config.js";
import { lintPostmortem, withPeople } from "./lint-postmortem.js";
import type { LintFinding } from "./lint-types.js";
import { LINT_RULES } from "./rules/index.js";

/** Options for {@link lintFiles}. */
export interface LintFilesOptions {
  /** Directory relative paths are resolved against (defaults to `process.cwd()`). */
  cwd?: string;
  /** Use this config file instead of looking for `.debriefrc.yaml` upward from each file. */
  configPath?: string;
  /** Use this resolved configuration for every file (wins over `configPath`). */
  config?: LintConfig;
  /**
   * Everyone in the incident (names, handles, display names). When omitted, each `DIR/postmortem.md` gets the people
   * found in `DIR/evidence/` (Slack users, responders, authors, actors).
   */
  people?: readonly string[];
}

/** Findings for one file. */
export interface LintFileResult {
  /** The path as given (or as found under a directory that was given). */
  file: string;
  /** The config file that applied, if any. */
  configPath: string | undefined;
  findings: LintFinding[];
}

/** The outcome of linting a set of files. */
export interface LintResult {
  files: LintFileResult[];
  /** Every finding, file by file. */
  findings: LintFinding[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", ".debrief"]);
/** Files linted between two turns of the event loop. */
const YIELD_EVERY = 32;

/**
 * The files under a path, in order. Synchronous: a workspace holds a folder per incident, and thousands of awaited
 * stat and readdir calls cost more in promise round trips than the calls themselves.
 */
function expand(path: string, abs: string, out: string[]): void {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DebriefError(
      code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      code === "ENOENT" ? "no such file or directory" : `cannot read: ${(error as Error).message}`,
      { location: { path }, cause: error },
    );
  }
  if (!info.isDirectory()) {
    out.push(path);
    return;
  }
  const entries = readdirSync(abs, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) {
      expand(join(path, e.name), join(abs, e.name), out);
    } else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) {
      out.push(join(path, e.name));
    }
  }
}

// lint reads post-mortems with the one strict decoder (UTF-8 or UTF-16 with a BOM, a size limit, bad bytes named)
export { decodePostmortem } from "../postmortem/postmortem-file.js";

/**
 * Lint post-mortem files (directories are searched for `*.md`). Each file uses the nearest `.debriefrc.yaml` at or
 * above it unless a config is given.
 * @throws DebriefError INPUT_NOT_FOUND / INPUT_UNREADABLE for files that cannot be read, CONFIG_INVALID for bad config
 */
export async function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const explicit =
    options.config ?? (options.configPath ? loadLintConfig(resolve(cwd, options.configPath), LINT_RULES) : undefined);
  const configByPath = new Map<string, LintConfig | undefined>();
  // the nearest config file of each directory looked at: a folder of post-mortems asks the same question per file
  const configFileByDir = new Map<string, string | undefined>();
  const configFor = (abs: string): LintConfig | undefined => {
    if (explicit) return explicit;
    const found = nearestLintConfig(dirname(abs), configFileByDir);
    if (found === undefined) return undefined;
    if (!configByPath.has(found)) configByPath.set(found, loadLintConfig(found, LINT_RULES));
    return configByPath.get(found);
  };
  const files: string[] = [];
  for (const p of paths) expand(p, resolve(cwd, p), files);
  let defaults: LintConfig | undefined;
  const result: LintResult = { files: [], findings: [], errorCount: 0, warningCount: 0, infoCount: 0 };
  for (let i = 0; i < files.length; i++) {
    // let a server or MCP host that runs this answer other requests now and then during a long run
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((done) => setImmediate(done));
    const file = files[i] as string;
    const abs = resolve(cwd, file);
    let bytes: Uint8Array;
    try {
      // synchronously: a post-mortem is a few kilobytes in the page cache, and the promise API's five thread-pool
      // round trips per file cost more than the read, while linting it holds the thread far longer anyway
      // refuse an oversized file before reading it (and a FIFO, which would block the read)
      const info = statSync(abs);
      if (!info.isFile())
        throw new DebriefError("INPUT_UNREADABLE", "not a regular file", { location: { path: file } });
      assertPostmortemSize(file, info.size);
      bytes = readFileSync(abs);
    } catch (error) {
      if (error instanceof DebriefError) throw error;
      throw new DebriefError("INPUT_UNREADABLE", `cannot read: ${(error as Error).message}`, {
        location: { path: file },
        cause: error,
      });
    }
    const source = decodePostmortem(bytes, file);
    const config = configFor(abs);
    const people = options.people ?? incidentPeople(abs);
    defaults ??= defaultLintConfig(LINT_RULES);
    const base = config ?? defaults;
    const findings = lintPostmortem(
      parsePostmortem(source, file),
      people.length > 0 ? withPeople(base, people, true) : config,
    );
    result.files.push({ file, configPath: config?.path, findings });
    for (const f of findings) {
      result.findings.push(f);
      if (f.severity === "error") result.errorCount++;
      else if (f.severity === "warning") result.warningCount++;
      else result.infoCount++;
    }
  }
  return result;
}
