import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, found from this module whether it runs from `src/` (tsx) or `dist/` (compiled). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "examples"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the debrief package root (with examples/) above the running module");
}

/** The bundled example incident. */
export function exampleIncidentDir(): string {
  return join(packageRoot(), "examples", "incidents", "api-degradation");
}
