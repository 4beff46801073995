import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};

describe("package.json subpath exports", () => {
  it("offers one entry per area, so a program can import only what it uses", () => {
    for (const area of ["evidence", "timeline", "postmortem", "lint", "report", "store", "operations"]) {
      expect(pkg.exports, area).toHaveProperty(`./${area}`);
    }
  });

  it("every entry points at a module compiled from a public index.ts", () => {
    for (const [name, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(target.default, name).toMatch(/^\.\/dist\/(.+\/)?index\.js$/);
      expect(target.types, name).toBe(target.default.replace(/\.js$/, ".d.ts"));
      const source = join(root, target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
      expect(existsSync(source), `${name} -> ${source}`).toBe(true);
    }
  });
});
