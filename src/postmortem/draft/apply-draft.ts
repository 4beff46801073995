import type { RootContent } from "mdast";
import type { SectionKey, SourcePosition } from "../../model/postmortem.js";
import { type FrontMatterChange, frontMatterEdits } from "../front-matter-edit.js";
import { findGeneratedBlocks, type GeneratedBlock, renderBlock, unclosedFenceAt } from "../generated-blocks.js";
import { endOf, isComment, startOf } from "../markdown-tree.js";
import type { ParsedPostmortem } from "../parsed-postmortem.js";
import { STANDARD_SECTIONS } from "../sections.js";
import { detectEol, LineIndex, withEol } from "../source-text.js";
import { applyEdits, type TextEdit } from "../text-edits.js";
import { sectionInsertPoint, sectionRange } from "../write-postmortem.js";
import type { BlockPlacement, DraftBlock } from "./draft-block.js";

/** What happened to one generated block. */
export interface BlockOutcome {
  name: string;
  section: SectionKey;
  /**
   * `inserted`: new block written; `updated`: untouched block regenerated; `unchanged`: already current;
   * `conflict`: a person edited the block, their text was kept and the new content not written;
   * `skipped`: the section holds human text and no block, so nothing was added there.
   */
  action: "inserted" | "updated" | "unchanged" | "conflict" | "skipped";
  /** 1-based line of the block (or of the section) in the original document. */
  line: number | null;
  message: string;
}

/** Front-matter fields the evidence can fill; only fields that are empty in the document are written. */
export interface FrontMatterFill {
  window?: { start: string; end: string };
  services?: string[];
  resolvedAt?: string;
}

/** The result of applying a draft to a document. */
export interface AppliedDraft {
  /** The new document text (equal to the input when nothing changed). */
  source: string;
  blocks: BlockOutcome[];
  /** Front-matter keys written, with their new values. */
  frontMatter: { key: string; value: unknown }[];
  /** Problems with the existing markers (unclosed, duplicated), reported and left alone. */
  problems: { message: string; position: SourcePosition | undefined }[];
}

const normalise = (s: string) => s.replace(/\r\n?/g, "\n");

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** Front-matter changes for the fields that are empty now; human-set values are never replaced. */
export function frontMatterFillChanges(parsed: ParsedPostmortem, fill: FrontMatterFill): FrontMatterChange[] {
  const fm = parsed.postmortem.frontMatter as Record<string, unknown>;
  const changes: FrontMatterChange[] = [];
  // a field the parser replaced with a default because it was invalid is human text too: leave it alone
  const invalid = new Set(
    parsed.problems
      .filter((p) => p.code === "front-matter-field-invalid")
      .map((p) => /front matter ([\w-]+)/.exec(p.message)?.[1] ?? ""),
  );
  if (fill.window && !invalid.has("window")) {
    const w = fm.window as { start?: string; end?: string | null } | undefined;
    if (w === undefined || w === null) changes.push({ path: ["window"], value: fill.window });
    else {
      if (isEmpty(w.start)) changes.push({ path: ["window", "start"], value: fill.window.start });
      if (isEmpty(w.end)) changes.push({ path: ["window", "end"], value: fill.window.end });
    }
  }
  if (fill.services && fill.services.length > 0 && isEmpty(fm.services) && !invalid.has("services")) {
    changes.push({ path: ["services"], value: fill.services });
  }
  if (fill.resolvedAt && isEmpty(fm.resolvedAt) && !invalid.has("resolvedAt")) {
    changes.push({ path: ["resolvedAt"], value: fill.resolvedAt });
  }
  return changes;
}

/**
 * Apply generated blocks to a post-mortem by splicing text: an untouched block (its content still matches the hash
 * in its begin marker) is replaced with the new content; an edited block is a conflict and is left exactly as the
 * person wrote it; a missing block is inserted into its section only when that section has no human text (or the
 * section is added when the document lacks it). Every byte outside the touched blocks is kept.
 */
export function applyDraft(parsed: ParsedPostmortem, blocks: DraftBlock[], fill: FrontMatterFill = {}): AppliedDraft {
  const source = parsed.source;
  const eol = detectEol(source);
  const lines = new LineIndex(source);
  const found = findGeneratedBlocks(source, parsed.tree);
  const problems: AppliedDraft["problems"] = found.problems.map((p) => ({ message: p.message, position: p.position }));
  const fence = unclosedFenceAt(source, parsed.tree);
  if (fence !== null) {
    // Every later heading and marker is inside the code block: inserting or updating there would write into it
    // (and a re-run would write again), so the document is left exactly as it is until the fence is closed.
    const line = lines.point(fence).line;
    const message = `the code fence opened at line ${line} is never closed, so the rest of the document is code; close it and draft again (nothing was changed)`;
    problems.push({ message, position: { line, column: 1, endLine: line, endColumn: 1 } });
    return {
      source,
      blocks: blocks.map((b) => ({ name: b.name, section: b.section, action: "conflict", line, message })),
      frontMatter: [],
      problems,
    };
  }
  const byName = new Map<string, GeneratedBlock[]>();
  for (const b of found.blocks) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
  const edits: TextEdit[] = [];
  const outcomes: BlockOutcome[] = [];
  const inserts = new Map<
    string,
    { section: SectionKey; placement: BlockPlacement; append: boolean; texts: string[]; names: string[] }
  >();

  for (const block of blocks) {
    const content = block.content;
    const existing = byName.get(block.name) ?? [];
    const first = existing[0];
    if (existing.length > 1) {
      outcomes.push({
        name: block.name,
        section: block.section,
        action: "conflict",
        line: first ? lines.point(first.start).line : null,
        message: `block "${block.name}" appears ${existing.length} times (lines ${existing.map((b) => lines.point(b.start).line).join(", ")}); none was changed`,
      });
      continue;
    }
    if (first) {
      const line = lines.point(first.start).line;
      if (!first.intact) {
        outcomes.push({
          name: block.name,
          section: block.section,
          action: "conflict",
          line,
          message: `block "${block.name}" at line ${line} was edited by hand, so it was kept as written and not regenerated (delete its debrief:begin/end lines to own it, or delete the whole block to get a fresh one)`,
        });
      } else if (normalise(first.content) === content) {
        outcomes.push({
          name: block.name,
          section: block.section,
          action: "unchanged",
          line,
          message: "already current",
        });
      } else {
        edits.push({ start: first.start, end: first.end, text: renderBlock(block.name, withEol(content, eol), eol) });
        outcomes.push({
          name: block.name,
          section: block.section,
          action: "updated",
          line,
          message: "regenerated from evidence",
        });
      }
      continue;
    }
    const append = block.appendToWrittenSection === true;
    const key = `${block.section}:${block.placement}:${append}`;
    const group = inserts.get(key) ?? {
      section: block.section,
      placement: block.placement,
      append,
      texts: [],
      names: [],
    };
    group.texts.push(renderBlock(block.name, withEol(content, eol), eol));
    group.names.push(block.name);
    inserts.set(key, group);
    outcomes.push({ name: block.name, section: block.section, action: "inserted", line: null, message: "" });
  }

  // Insert missing blocks, grouped per section and placement so they land in registry order.
  const newSections = new Map<number, { order: number; text: string }[]>();
  for (const group of inserts.values()) {
    const mine = outcomes.filter((o) => o.action === "inserted" && group.names.includes(o.name));
    const section = parsed.postmortem.sections.find((s) => s.key === group.section);
    const joined = group.texts.join(`${eol}${eol}`);
    if (!section) {
      const { offset, depth } = sectionInsertPoint(parsed, group.section);
      const heading = STANDARD_SECTIONS.find((s) => s.key === group.section)?.heading ?? group.section;
      const list = newSections.get(offset) ?? [];
      list.push({
        order: STANDARD_SECTIONS.findIndex((s) => s.key === group.section),
        text: `${"#".repeat(depth)} ${heading}${eol}${eol}${joined}${eol}${eol}`,
      });
      newSections.set(offset, list);
      for (const o of mine) o.message = `added a new ${heading} section`;
      continue;
    }
    const range = sectionRange(parsed, section);
    const line = section.position.line;
    const nodes = parsed.tree.children.filter((n) => startOf(n) >= range.bodyStart && endOf(n) <= range.end);
    const insideBlock = (n: RootContent) => found.blocks.some((b) => startOf(n) >= b.start && endOf(n) <= b.end);
    const human = nodes.filter((n) => !isComment(n) && n.type !== "heading" && !insideBlock(n));
    // the skeleton's empty Action Items table is structure, not content; draft never writes there anyway
    if (human.length > 0 && !group.append) {
      for (const o of mine) {
        o.action = "skipped";
        o.line = line;
        o.message = `section "${section.heading}" (line ${line}) already has human text and no debrief block; nothing added there`;
      }
      continue;
    }
    let anchor: number;
    if (group.placement === "start") {
      const lead = nodes.filter((n) => n.type === "html" && isComment(n) && !insideBlock(n));
      const firstNonComment = nodes.find((n) => !(n.type === "html" && isComment(n)));
      const leading = lead.filter((n) => !firstNonComment || startOf(n) < startOf(firstNonComment));
      anchor = leading.length > 0 ? endOf(leading[leading.length - 1] as RootContent) : range.bodyStart;
    } else {
      const last = nodes[nodes.length - 1];
      anchor = last ? endOf(last) : range.bodyStart;
    }
    const following = source.slice(anchor, anchor + 4);
    const breaks = /^(\r\n|\n|\r){0,2}/.exec(following)?.[0].replace(/\r\n/g, "\n").length ?? 0;
    const prefix = anchor === range.bodyStart ? eol : `${eol}${eol}`;
    const atEof = anchor === source.length || source.slice(anchor).trim() === "";
    const suffix = atEof && breaks > 0 ? "" : atEof ? eol : eol.repeat(Math.max(0, 2 - breaks));
    edits.push({ start: anchor, end: anchor, text: `${prefix}${joined}${suffix}` });
    for (const o of mine) {
      o.line = line;
      o.message = `added to ${section.heading}`;
    }
  }
  for (const [offset, list] of newSections) {
    list.sort((a, b) => a.order - b.order);
    const needsBreak = offset === source.length && source.length > 0 && !/(\r?\n){2}$/.test(source);
    const lead = needsBreak ? (/(\r?\n)$/.test(source) ? eol : `${eol}${eol}`) : "";
    edits.push({ start: offset, end: offset, text: lead + list.map((x) => x.text).join("") });
  }

  const fmChanges = frontMatterFillChanges(parsed, fill);
  let frontMatter: AppliedDraft["frontMatter"] = [];
  if (fmChanges.length > 0) {
    const fmEdits = frontMatterEdits(source, fmChanges, parsed.tree);
    if (fmEdits === null) {
      problems.push({
        message: "the front matter is not valid YAML, so empty fields (window, services, resolvedAt) were not filled",
        position: parsed.frontMatterPosition,
      });
    } else {
      edits.push(...fmEdits);
      frontMatter = fmChanges.map((c) => ({ key: c.path.join("."), value: c.value }));
    }
  }
  return { source: applyEdits(source, edits), blocks: outcomes, frontMatter, problems };
}
