/**
 * The benchmark suites `npm run bench` runs, in order. Add a suite by appending `{ name, run }` here (one import
 * line plus one entry); `npm run bench -- NAME...` runs only the named ones.
 */
import { analysisSuite } from "./analysis.js";
import { evidenceSuite } from "./evidence.js";
import { formatsSuite } from "./formats.js";
import { logFormatsSuite } from "./log-formats.js";
import { startupSuite } from "./startup.js";
import { timelineSuite } from "./timeline.js";
import { timelineBundleSuite } from "./timeline-bundle.js";

/** One benchmark suite: prints its own progress to stderr and writes its results under bench/results/. */
export interface BenchSuite {
  /** Short id used on the command line, e.g. `evidence`. */
  name: string;
  /** What it measures, one line. */
  description: string;
  run(): Promise<void>;
}

/** Every suite, in run order. */
export const SUITES: BenchSuite[] = [
  evidenceSuite,
  logFormatsSuite,
  timelineSuite,
  timelineBundleSuite,
  analysisSuite,
  formatsSuite,
  startupSuite,
];
