import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type * as Yaml from "yaml";
import { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import { lazyModule } from "../util/lazy-module.js";
import { yamlValue } from "../util/yaml-value.js";
import type { AnyLintRule, LintSeverity } from "./lint-types.js";

// only a config file needs the yaml package; most lint runs have none
const yaml = lazyModule<typeof Yaml>("yaml");

/** File names looked for, nearest directory first. */
export const LINT_CONFIG_FILE_NAMES = [".debriefrc.yaml", ".debriefrc.yml"] as const;

const SeveritySetting = z.enum(["off", "error", "warning", "info"]);
const RuleSetting = z.union([
  SeveritySetting,
  z
    .object({
      severity: SeveritySetting.optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

/** The shape of `.debriefrc.yaml` (the `lint`-relevant keys; other tools may add their own top-level keys). */
export const LintConfigFile = z
  .object({
    rules: z.record(z.string(), RuleSetting).optional(),
    blameless: z
      .object({
        judgmentalWords: z.array(z.string().min(1)).optional(),
        allowPhrases: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    people: z.array(z.string().min(1)).optional(),
  })
  .passthrough();
/** See {@link LintConfigFile}. */
export type LintConfigFile = z.infer<typeof LintConfigFile>;

/** A rule's effective setting. */
export interface RuleConfig {
  severity: LintSeverity | "off";
  options: Record<string, unknown>;
}

/** Configuration after validation against the rule registry. */
export interface LintConfig {
  /** Path of the file it came from, when any. */
  path: string | undefined;
  rules: ReadonlyMap<string, RuleConfig>;
  judgmentalWords: readonly string[];
  allowPhrases: readonly string[];
  people: readonly string[];
  /** Everyone in the incident, from its evidence or given by the caller: names are then not guessed. */
  incidentPeople?: readonly string[];
}

/** The configuration used when no file is found: every rule at its default severity and options. */
export function defaultLintConfig(registry: readonly AnyLintRule[]): LintConfig {
  return resolveLintConfig({}, registry, undefined, undefined);
}

/**
 * Validate a parsed config object against the registry. `locate` maps a key path to a line for messages.
 * @throws DebriefError CONFIG_INVALID naming the file and line
 */
export function resolveLintConfig(
  raw: unknown,
  registry: readonly AnyLintRule[],
  path: string | undefined,
  locate: ((keyPath: readonly (string | number)[]) => { line: number; column: number } | undefined) | undefined,
): LintConfig {
  const fail = (message: string, keyPath: readonly (string | number)[]): never => {
    const at = locate?.(keyPath);
    throw new DebriefError("CONFIG_INVALID", message, {
      ...(path === undefined ? {} : { location: { path, ...(at ? { line: at.line, column: at.column } : {}) } }),
    });
  };
  const parsed = LintConfigFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = (issue?.path ?? []).filter((p): p is string | number => typeof p !== "symbol");
    const where = keyPath.length > 0 ? ` at ${keyPath.join(".")}` : "";
    const expected =
      keyPath[0] === "rules"
        ? 'expected "off", "error", "warning", "info" or { severity, options }'
        : (issue?.message ?? "invalid value");
    fail(`invalid .debriefrc${where}: ${expected}`, keyPath);
  }
  const file = parsed.success ? parsed.data : {};
  const byId = new Map(registry.map((r) => [r.id, r]));
  const rules = new Map<string, RuleConfig>();
  for (const rule of registry) {
    rules.set(rule.id, { severity: rule.defaultSeverity, options: parseOptions(rule, {}) ?? {} });
  }
  for (const [id, setting] of Object.entries(file.rules ?? {})) {
    // "blameless/*" re-levels a whole namespace
    const targets = id.endsWith("/*") ? registry.filter((r) => r.id.startsWith(id.slice(0, -1))) : [byId.get(id)];
    if (targets.length === 0 || targets[0] === undefined) {
      fail(`unknown rule "${id}" (run \`debrief lint --list-rules\` for the list)`, ["rules", id]);
    }
    for (const rule of targets) {
      if (!rule) continue;
      const current = rules.get(rule.id);
      const severity = typeof setting === "string" ? setting : (setting.severity ?? current?.severity ?? "warning");
      let options = current?.options ?? {};
      if (typeof setting !== "string" && setting.options) {
        const parsedOptions = parseOptions(rule, setting.options);
        if (parsedOptions === undefined) {
          const check = rule.options?.safeParse(setting.options);
          const issue = check && !check.success ? check.error.issues[0] : undefined;
          const sub = (issue?.path ?? []).filter((p): p is string | number => typeof p !== "symbol");
          fail(
            `invalid options for rule "${rule.id}"${sub.length ? ` at ${sub.join(".")}` : ""}: ${issue?.message ?? "not accepted"}`,
            ["rules", id, "options", ...sub],
          );
        }
        options = parsedOptions ?? options;
      }
      rules.set(rule.id, { severity, options });
    }
  }
  return {
    path,
    rules,
    judgmentalWords: file.blameless?.judgmentalWords ?? [],
    allowPhrases: file.blameless?.allowPhrases ?? [],
    people: file.people ?? [],
  };
}

function parseOptions(rule: AnyLintRule, value: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!rule.options) return {};
  const r = rule.options.safeParse(value);
  return r.success ? (r.data as Record<string, unknown>) : undefined;
}

/**
 * Read and validate a `.debriefrc.yaml` file.
 * @throws DebriefError CONFIG_INVALID (with file:line) for YAML or schema errors, INPUT_UNREADABLE when unreadable
 */
export function loadLintConfig(path: string, registry: readonly AnyLintRule[]): LintConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new DebriefError("INPUT_UNREADABLE", `cannot read config: ${(error as Error).message}`, {
      location: { path },
      cause: error,
    });
  }
  const { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = counter.linePos(yamlError.pos[0]);
    throw new DebriefError("CONFIG_INVALID", `invalid YAML: ${yamlError.message.split("\n")[0]}`, {
      location: { path, line: pos.line, column: pos.col },
    });
  }
  const locate = (keyPath: readonly (string | number)[]): { line: number; column: number } | undefined => {
    // point at the key of the deepest entry that exists: that is the line a person edits
    for (let n = keyPath.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(keyPath.slice(0, n - 1), true);
      const last = keyPath[n - 1];
      let node: unknown;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
        node = pair?.key ?? pair?.value;
      } else if (isSeq(parent) && typeof last === "number") {
        node = parent.items[last];
      }
      if (isNode(node) && node.range) {
        const pos = counter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    if (isNode(doc.contents) && doc.contents.range) {
      const pos = counter.linePos(doc.contents.range[0]);
      return { line: pos.line, column: pos.col };
    }
    return undefined;
  };
  const value = yamlValue(doc);
  if (!value.ok) throw new DebriefError("CONFIG_INVALID", `invalid YAML: ${value.message}`, { location: { path } });
  return resolveLintConfig(value.value ?? {}, registry, path, locate);
}

/** The nearest `.debriefrc.yaml` at or above `startDir`, or undefined. */
export function findLintConfig(startDir: string): string | undefined {
  return nearestLintConfig(startDir, undefined);
}

/**
 * {@link findLintConfig} with the answers already found, by directory: pass the same map for the many lookups of one
 * run (files are not looked for again, so it assumes they do not change meanwhile).
 */
export function nearestLintConfig(
  startDir: string,
  cache: Map<string, string | undefined> | undefined,
): string | undefined {
  let dir = resolve(startDir);
  const visited: string[] = [];
  let found: string | undefined;
  for (;;) {
    if (cache?.has(dir)) {
      found = cache.get(dir);
      break;
    }
    visited.push(dir);
    found = LINT_CONFIG_FILE_NAMES.map((name) => join(dir, name)).find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    if (found !== undefined) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (cache) for (const d of visited) cache.set(d, found);
  return found;
}
