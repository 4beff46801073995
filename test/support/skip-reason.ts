import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const INSTALL = "run scripts/install-test-deps.sh";
const announced = new Set<string>();

/**
 * Whether tests that need something outside the repository (a program, a data set) can run, and if not, say why
 * once on the test output, so a skipped suite is never silent: `describe.runIf(canRun(...))(...)`.
 * @param tests what is skipped, e.g. "6 tests of collect-prometheus"
 * @param need what is missing, e.g. "Prometheus"
 * @param available whether it is there
 * @param remedy how to get it (default: the install script)
 */
export function canRun(tests: string, need: string, available: boolean, remedy = INSTALL): boolean {
  if (!available) {
    const line = `skipped: ${tests} need ${need}: ${remedy}`;
    if (!announced.has(line)) {
      announced.add(line);
      // console.warn goes to the reporter's output for this file, next to the skipped tests
      console.warn(line);
    }
  }
  return available;
}

/**
 * The Loghub 2k samples: `LOGHUB_2K_DIR` when set (then it must exist: CI sets it and a missing folder is a failure,
 * not a skip), else `../shared/datasets/loghub-2k` beside the repository when present, else undefined.
 */
export function loghubDir(): string | undefined {
  const configured = process.env.LOGHUB_2K_DIR;
  if (configured) {
    const dir = resolve(configured);
    if (!existsSync(dir)) throw new Error(`LOGHUB_2K_DIR=${configured} does not exist`);
    return dir;
  }
  const beside = join(import.meta.dirname, "..", "..", "..", "shared", "datasets", "loghub-2k");
  return existsSync(beside) ? beside : undefined;
}

/** {@link canRun} for the Loghub suites. */
export function canRunLoghub(tests: string): boolean {
  return canRun(
    tests,
    "the Loghub 2k samples",
    loghubDir() !== undefined,
    "set LOGHUB_2K_DIR to a copy of shared/datasets/loghub-2k (or put shared/ beside the repository)",
  );
}
