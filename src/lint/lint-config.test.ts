import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DebriefError } from "../model/debrief-error.js";
import { defaultLintConfig, findLintConfig, loadLintConfig, resolveLintConfig } from "./lint-config.js";
import { lintFiles } from "./lint-files.js";
import { LINT_RULES } from "./rules/index.js";

const GOOD = readFileSync(new URL("./fixtures/good.md", import.meta.url), "utf8");
const BLAMEY = GOOD.replace("## Summary\n\n", "## Summary\n\nBob should have tested the change in staging first.\n\n");

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "debrief-lint-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

function configError(fn: () => unknown): DebriefError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DebriefError) return e;
    throw e;
  }
  throw new Error("expected a DebriefError");
}

describe("config discovery", () => {
  it("finds the nearest .debriefrc.yaml upward and stops at none", () => {
    const root = tree({ ".debriefrc.yaml": "rules: {}\n", "a/b/pm.md": GOOD, "a/b/c/.debriefrc.yml": "people: [x]\n" });
    expect(findLintConfig(join(root, "a", "b"))).toBe(join(root, ".debriefrc.yaml"));
    expect(findLintConfig(join(root, "a", "b", "c"))).toBe(join(root, "a", "b", "c", ".debriefrc.yml"));
  });

  it("applies the nearest config to each file (re-levelling and turning off)", async () => {
    const root = tree({
      ".debriefrc.yaml": 'rules:\n  "blameless/counterfactual": error\n',
      "team-a/pm.md": BLAMEY,
      "team-b/.debriefrc.yaml": 'rules:\n  "blameless/counterfactual": "off"\n',
      "team-b/pm.md": BLAMEY,
    });
    const result = await lintFiles(["team-a/pm.md", "team-b/pm.md"], { cwd: root });
    const a = result.files[0]?.findings.filter((f) => f.rule === "blameless/counterfactual") ?? [];
    const b = result.files[1]?.findings.filter((f) => f.rule === "blameless/counterfactual") ?? [];
    expect(a.map((f) => f.severity)).toEqual(["error"]);
    expect(b).toEqual([]);
    expect(result.errorCount).toBe(1);
    expect(result.files[1]?.configPath).toBe(join(root, "team-b", ".debriefrc.yaml"));
  });

  it("lints a folder in name order, each file with its nearest config, as file by file", async () => {
    const files: Record<string, string> = {
      ".debriefrc.yaml": 'rules:\n  "blameless/counterfactual": error\n',
      "b/.debriefrc.yml": 'rules:\n  "blameless/counterfactual": "off"\n',
      "b/deeper/.debriefrc.yaml": 'rules:\n  "blameless/counterfactual": info\n',
      "node_modules/skipped.md": BLAMEY,
      ".hidden/skipped.md": BLAMEY,
      "notes.txt": "not Markdown",
    };
    const names: string[] = [];
    for (const dir of ["a", "b", "b/deeper", "b/deeper/deepest", "c"]) {
      for (let i = 0; i < 40; i++) {
        const name = `${dir}/pm-${String(i).padStart(2, "0")}.${i % 7 === 0 ? "markdown" : "md"}`;
        files[name] = i % 2 === 0 ? BLAMEY : GOOD;
        names.push(name);
      }
    }
    const root = tree(files);
    const folder = await lintFiles(["."], { cwd: root });
    const oneByOne = await Promise.all(names.map((n) => lintFiles([n], { cwd: root })));
    expect(folder.files.map((f) => f.file)).toEqual([...names].sort().map((n) => join(".", n)));
    const byName = new Map(oneByOne.map((r) => [r.files[0]?.file, r.files[0]]));
    for (const f of folder.files) {
      const alone = byName.get(f.file.replace(/^\.\//, ""));
      expect(f.configPath).toBe(alone?.configPath);
      expect(f.findings).toEqual(alone?.findings.map((x) => ({ ...x, file: f.file })));
    }
    const severities = (dir: string) =>
      folder.findings.filter((x) => x.file.startsWith(`${dir}/pm-00`) && x.rule === "blameless/counterfactual");
    expect(severities("a").map((x) => x.severity)).toEqual(["error"]);
    expect(severities("b")).toEqual([]);
    expect(severities("b/deeper").map((x) => x.severity)).toEqual(["info"]);
    expect(severities("b/deeper/deepest").map((x) => x.severity)).toEqual(["info"]);
  });

  it("re-levels a whole namespace and passes rule options", async () => {
    const root = tree({
      ".debriefrc.yaml": [
        "rules:",
        '  "blameless/*": info',
        '  "timeline/gaps": { severity: error, options: { maxGapMinutes: 5 } }',
        "",
      ].join("\n"),
      "pm.md": BLAMEY,
    });
    const { findings } = await lintFiles(["pm.md"], { cwd: root });
    expect(findings.find((f) => f.rule === "blameless/counterfactual")?.severity).toBe("info");
    expect(findings.filter((f) => f.rule === "timeline/gaps").every((f) => f.severity === "error")).toBe(true);
    expect(findings.filter((f) => f.rule === "timeline/gaps").length).toBeGreaterThan(0);
  });

  it("adds judgmental words, allowed phrases and people", async () => {
    const md = GOOD.replace("## Summary\n\n", "## Summary\n\nThe rollout was slapdash. Zed broke prod.\n\n");
    const root = tree({
      ".debriefrc.yaml": "blameless:\n  judgmentalWords: [slapdash]\npeople: [zed]\n",
      "pm.md": md,
    });
    const { findings } = await lintFiles(["pm.md"], { cwd: root });
    expect(
      findings
        .filter((f) => f.rule.startsWith("blameless/"))
        .map((f) => f.rule)
        .sort(),
    ).toEqual(["blameless/judgmental", "blameless/person-as-cause"]);
  });
});

describe("bad config", () => {
  it("names the file of a YAML alias used before its anchor", () => {
    const root = tree({ ".debriefrc.yaml": "people: *p\nwords: &p [a]\n" });
    const e = configError(() => loadLintConfig(join(root, ".debriefrc.yaml"), LINT_RULES));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.toString()).toMatch(/\.debriefrc\.yaml: invalid YAML: Unresolved alias/);
  });

  it("names the file and the line of an unknown rule", () => {
    const root = tree({ ".debriefrc.yaml": "people: [a]\nrules:\n  blameless/nope: error\n" });
    const e = configError(() => loadLintConfig(join(root, ".debriefrc.yaml"), LINT_RULES));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.toString()).toBe(
      `${join(root, ".debriefrc.yaml")}:3:3: unknown rule "blameless/nope" (run \`debrief lint --list-rules\` for the list)`,
    );
  });
  it("names the line of a bad severity", () => {
    const root = tree({ ".debriefrc.yaml": 'rules:\n  "timeline/gaps": loud\n' });
    const e = configError(() => loadLintConfig(join(root, ".debriefrc.yaml"), LINT_RULES));
    expect(e.location?.line).toBe(2);
    expect(e.message).toMatch(/expected "off", "error", "warning", "info"/);
  });
  it("names the line of bad rule options", () => {
    const root = tree({
      ".debriefrc.yaml": 'rules:\n  "timeline/gaps":\n    options:\n      maxGapMinutes: "an hour"\n',
    });
    const e = configError(() => loadLintConfig(join(root, ".debriefrc.yaml"), LINT_RULES));
    expect(e.message).toMatch(/invalid options for rule "timeline\/gaps" at maxGapMinutes/);
    expect(e.location?.line).toBe(4);
  });
  it("names the line of broken YAML", () => {
    const root = tree({ ".debriefrc.yaml": "rules:\n  a: [1,\n" });
    const e = configError(() => loadLintConfig(join(root, ".debriefrc.yaml"), LINT_RULES));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.location?.line).toBeGreaterThanOrEqual(2);
  });
  it("rejects wrong types for word lists", () => {
    const e = configError(() =>
      resolveLintConfig({ blameless: { judgmentalWords: "careless" } }, LINT_RULES, "x", undefined),
    );
    expect(e.message).toMatch(/blameless\.judgmentalWords/);
  });
});

describe("defaults", () => {
  it("has every rule at its default severity", () => {
    const cfg = defaultLintConfig(LINT_RULES);
    for (const r of LINT_RULES) expect(cfg.rules.get(r.id)?.severity).toBe(r.defaultSeverity);
    expect(cfg.rules.get("timeline/gaps")?.options).toEqual({ maxGapMinutes: 60 });
  });
});
