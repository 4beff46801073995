import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type OperationContext, resolveInWorkspace } from "../../operations/index.js";
import { parsePostmortem } from "../../postmortem/index.js";
import { loadReportInput, type ReportInput } from "../../report/index.js";
import { etagOf } from "../security/postmortem-etag.js";

/** A post-mortem as the pages read it: its text, its ETag (the API's), and its parse. */
export interface PostmortemDoc {
  file: string;
  source: string;
  etag: string;
  parsed: ReturnType<typeof parsePostmortem>;
}

/** Read and parse `DIR/postmortem.md` inside the workspace. */
export async function readPostmortem(ctx: OperationContext, dir: string): Promise<PostmortemDoc> {
  const file = resolveInWorkspace(ctx, join(dir, "postmortem.md"));
  const bytes = await readFile(file);
  const source = bytes.toString("utf8");
  return { file, source, etag: etagOf(bytes), parsed: parsePostmortem(source, file) };
}

const reportCache = new Map<string, { key: string; input: ReportInput }>();
const REPORT_CACHE_SIZE = 32;

/**
 * The report input (milestones and charts drawn from the evidence) of a post-mortem, cached while neither the
 * document nor the evidence folder changed: charts read every metrics file, too slow to redo on each page view.
 */
export async function reportInputOf(file: string, folder: string): Promise<ReportInput> {
  const [doc, evidence] = await Promise.all([stat(file), stat(join(folder, "evidence")).catch(() => undefined)]);
  const key = `${doc.mtimeMs}:${doc.size}:${evidence?.mtimeMs ?? 0}`;
  const hit = reportCache.get(file);
  if (hit && hit.key === key) return hit.input;
  const input = await loadReportInput(file);
  reportCache.delete(file);
  reportCache.set(file, { key, input });
  if (reportCache.size > REPORT_CACHE_SIZE) reportCache.delete(reportCache.keys().next().value as string);
  return input;
}

/**
 * Rendered HTML with every cited `path:line` in inline code turned into a link to the raw-evidence view. The HTML
 * comes from the report's sanitising Markdown renderer; the link text is that already-escaped code text.
 */
export function linkEvidenceRefs(htmlText: string, dir: string): string {
  return htmlText.replace(/<code>([^<>\s]+?):(\d{1,9})<\/code>/g, (whole, path: string, line: string) => {
    if (!/^[\w.@+/-]+$/.test(path) || path.startsWith("/") || path.split("/").includes("..")) return whole;
    const href = `/incidents/${encodeURIComponent(dir)}/evidence?path=${encodeURIComponent(path)}&amp;line=${line}#L${line}`;
    return `<a href="${href}"><code>${path}:${line}</code></a>`;
  });
}

/** `path:line` references in a timeline cell (`evidence/nginx-access.log:13255`, several allowed). */
export function refsIn(cell: string): Array<{ path: string; line: number }> {
  const out: Array<{ path: string; line: number }> = [];
  for (const m of cell.matchAll(/([\w.@+-]+(?:\/[\w.@+-]+)*):(\d{1,9})\b/g)) {
    const path = m[1] as string;
    if (path.split("/").includes("..")) continue;
    out.push({ path, line: Number(m[2]) });
  }
  return out;
}
