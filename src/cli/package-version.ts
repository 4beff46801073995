import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package version, read once from package.json so `--version` never drifts. */
export function packageVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(join(here, rel), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "debrief" && pkg.version) return pkg.version;
    } catch {
      // try the next layout (src/ when run from TypeScript, dist/ when compiled)
    }
  }
  return "0.0.0";
}
