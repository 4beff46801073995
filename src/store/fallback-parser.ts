import { parse as parseYaml } from "yaml";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";
import type {
  ActionItem,
  ContributingFactor,
  FactorLevel,
  Postmortem,
  PostmortemSection,
  PostmortemTimelineRow,
  SectionKey,
} from "../model/postmortem.js";
import { PostmortemFrontMatter } from "../model/postmortem.js";

/**
 * What the indexer needs from a post-mortem parser: the model and the problems. The real parser
 * (`parsePostmortem` in src/postmortem) returns a superset of this.
 */
export interface PostmortemParseResult {
  postmortem: Postmortem;
  problems: ParseProblem[];
}

/** A post-mortem parser as the indexer calls it. */
export type PostmortemParser = (source: string, path: string) => PostmortemParseResult;

const HEADING_KEYS: Array<[RegExp, SectionKey]> = [
  [/^(incident\s+)?summary$/, "summary"],
  [/^impact/, "impact"],
  [/^root\s*causes?/, "rootCause"],
  [/^timeline/, "timeline"],
  [/^contributing\s+factors/, "contributingFactors"],
  [/^(five|5)\s+whys/, "fiveWhys"],
  [/^what\s+went\s+well/, "whatWentWell"],
  [/^what\s+went\s+wrong/, "whatWentWrong"],
  [/^where\s+we\s+got\s+lucky/, "whereWeGotLucky"],
  [/^lessons\s+learn/, "lessonsLearned"],
  [/^(action\s+items|corrective)/, "actionItems"],
  [/^appendix/, "appendix"],
];

function sectionKey(heading: string): SectionKey | null {
  const h = heading
    .toLowerCase()
    .replace(/^\d+[.)]\s*/, "")
    .trim();
  for (const [re, key] of HEADING_KEYS) if (re.test(h)) return key;
  return null;
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

function tableRows(markdown: string, firstLine: number): Array<{ cells: string[]; line: number }> {
  const rows: Array<{ cells: string[]; line: number }> = [];
  const lines = markdown.split(/\r?\n/);
  let header = true;
  lines.forEach((l, i) => {
    if (!l.trim().startsWith("|")) {
      header = true;
      return;
    }
    if (/^\s*\|?\s*:?-{2,}/.test(l)) {
      header = false;
      return;
    }
    if (header) return;
    rows.push({ cells: splitRow(l), line: firstLine + i });
  });
  return rows;
}

const stripComments = (s: string): string => s.replace(/<!--[\s\S]*?-->/g, "").trim();
const nullIfEmpty = (s: string | undefined): string | null => {
  const t = (s ?? "").trim();
  return t === "" || t === "-" || t === "—" ? null : t;
};

/**
 * A small line-based reader of the standard post-mortem format, used only when the full remark-based parser is not
 * available. It recognises front matter, `##` sections, the Timeline and Action Items tables and factor bullets.
 */
export function parsePostmortemFallback(source: string, path: string): PostmortemParseResult {
  const problems: ParseProblem[] = [];
  const text = source.replace(/^\uFEFF/, "");
  let body = text;
  let bodyStartLine = 1;
  let fm: Record<string, unknown> = {};
  const fmMatch = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (fmMatch) {
    try {
      const parsed: unknown = parseYaml(fmMatch[1] ?? "");
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) fm = parsed as Record<string, unknown>;
      else problems.push({ code: "front-matter-invalid", message: "front matter is not a mapping", position: undefined });
    } catch (e) {
      problems.push({
        code: "front-matter-invalid",
        message: `front matter is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
        position: undefined,
      });
    }
    body = text.slice(fmMatch[0].length);
    bodyStartLine = fmMatch[0].split("\n").length;
  } else {
    problems.push({ code: "front-matter-missing", message: "no YAML front matter", position: undefined });
  }
  for (const k of ["resolvedAt", "distributedAt", "followUpReview"]) {
    const v = fm[k];
    if (v instanceof Date) fm[k] = v.toISOString();
  }
  const win = fm.window as Record<string, unknown> | undefined;
  if (win && typeof win === "object") {
    for (const k of ["start", "end"]) if (win[k] instanceof Date) win[k] = (win[k] as Date).toISOString();
  }
  const fmResult = PostmortemFrontMatter.safeParse({ id: "", title: "", severity: "", ...fm });
  if (!fmResult.success) {
    problems.push({
      code: "front-matter-invalid",
      message: `front matter fields do not match the format: ${fmResult.error.issues.map((i) => i.path.join(".")).join(", ")}`,
      position: undefined,
    });
  }
  const frontMatter = fmResult.success
    ? fmResult.data
    : PostmortemFrontMatter.parse({
        id: typeof fm.id === "string" ? fm.id : "",
        title: typeof fm.title === "string" ? fm.title : "",
        severity: typeof fm.severity === "string" ? fm.severity : "",
      });

  const sections: PostmortemSection[] = [];
  const lines = body.split("\n");
  let current: { heading: string; depth: number; line: number; start: number } | null = null;
  const close = (endIdx: number) => {
    if (!current) return;
    const md = lines.slice(current.start, endIdx).join("\n");
    sections.push({
      key: sectionKey(current.heading),
      heading: current.heading,
      depth: current.depth,
      markdown: md,
      position: { line: current.line, column: 1, endLine: bodyStartLine + endIdx, endColumn: 1 },
    });
  };
  let inFence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) inFence = !inFence;
    const m = inFence ? null : /^(#{1,2})\s+(.*?)\s*#*\s*$/.exec(l);
    if (m && (m[1] ?? "").length === 2) {
      close(i);
      current = { heading: m[2] ?? "", depth: 2, line: bodyStartLine + i, start: i + 1 };
    }
  });
  close(lines.length);

  const byKey = (k: SectionKey) => sections.find((s) => s.key === k);
  const prose = (k: SectionKey) => {
    const s = byKey(k);
    return s ? nullIfEmpty(stripComments(s.markdown)) : null;
  };
  const bullets = (md: string) =>
    stripComments(md)
      .split("\n")
      .map((l) => /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(l)?.[1]?.trim())
      .filter((x): x is string => Boolean(x));

  const timeline: PostmortemTimelineRow[] = [];
  const tl = byKey("timeline");
  if (tl) {
    for (const r of tableRows(tl.markdown, tl.position.line + 1)) {
      timeline.push({ time: r.cells[0] ?? "", event: r.cells[1] ?? "", source: r.cells[2] ?? "", actor: r.cells[3] ?? "" });
    }
  }
  const actionItems: ActionItem[] = [];
  const ai = byKey("actionItems");
  if (ai) {
    for (const r of tableRows(ai.markdown, ai.position.line + 1)) {
      if (r.cells.length < 7) {
        problems.push({
          code: "table-row-malformed",
          message: `action item row has ${r.cells.length} cells, expected 7`,
          position: { line: r.line, column: 1, endLine: r.line, endColumn: 1 },
        });
      }
      actionItems.push({
        id: r.cells[0] ?? "",
        action: r.cells[1] ?? "",
        owner: nullIfEmpty(r.cells[2]),
        deadline: nullIfEmpty(r.cells[3]),
        priority: nullIfEmpty(r.cells[4]),
        status: nullIfEmpty(r.cells[5]),
        tracker: nullIfEmpty(r.cells[6]),
        position: { line: r.line, column: 1, endLine: r.line, endColumn: 1 },
      });
    }
  }
  const factors: ContributingFactor[] = [];
  const cf = byKey("contributingFactors");
  if (cf) {
    let level: FactorLevel = "contributing";
    for (const l of stripComments(cf.markdown).split("\n")) {
      const h = /^#{3,6}\s+(.*)$/.exec(l)?.[1]?.toLowerCase();
      if (h) {
        level = h.includes("immediate") ? "immediate" : h.includes("systemic") ? "systemic" : "contributing";
        continue;
      }
      const b = /^\s*[-*+]\s+(.*)$/.exec(l)?.[1]?.trim();
      if (b) factors.push({ level, category: "other", text: b, suggested: false, evidence: [] });
    }
  }
  const impact: Record<string, string> = {};
  const im = byKey("impact");
  if (im) for (const r of tableRows(im.markdown, im.position.line + 1)) impact[r.cells[0] ?? ""] = r.cells[1] ?? "";

  const postmortem: Postmortem = {
    formatVersion: 1,
    frontMatter,
    sections,
    summary: prose("summary"),
    impact,
    rootCause: prose("rootCause"),
    timeline,
    factors,
    whys: { steps: [] },
    whatWentWell: bullets(byKey("whatWentWell")?.markdown ?? ""),
    whatWentWrong: bullets(byKey("whatWentWrong")?.markdown ?? ""),
    lessonsLearned: bullets(byKey("lessonsLearned")?.markdown ?? ""),
    actionItems,
    evidence: [],
  };
  void path;
  return { postmortem, problems };
}
