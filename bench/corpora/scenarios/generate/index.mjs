// Regenerates every scenario: node bench/corpora/scenarios/generate/index.mjs [name-filter]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
for (const f of fs
  .readdirSync(here)
  .filter((x) => /^[ds]\d\d-.*\.mjs$/.test(x) && x.includes(filter))
  .sort()) {
  const mod = await import(path.join(here, f));
  mod.build();
}
