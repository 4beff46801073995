import { createReadStream, existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { DebriefError } from "../model/debrief-error.js";
import {
  incidentAccess,
  mayView,
  type OperationContext,
  postmortemLintOperation,
  resolveInWorkspace,
  sectionHash,
  timelineBuildOperation,
  workspaceReviewOperation,
} from "../operations/index.js";
import { parsePostmortem } from "../postmortem/index.js";
import { QUOTED_EVIDENCE_NOTICE, quote } from "./quoted-evidence.js";
import { shapeToolResult } from "./tool-result.js";

/**
 * The incident as MCP resources, so an agent can read before it acts: `incident://{id}` (front matter, sections
 * with the hashes `postmortem_edit_section` needs, milestones as written, lint findings), `incident://{id}/timeline`
 * (the timeline built from the evidence, first page), `incident://{id}/evidence/{path}#L{line}` (the cited lines
 * with context, quoted) and `workspace://review` (open action items). Ids are a post-mortem's front-matter `id` or
 * its folder's name, looked up in the workspace and its direct sub-folders.
 * @module
 */

/** Lines shown before and after a cited line. */
const CONTEXT_LINES = 3;
/** Longest line returned (evidence lines can be megabytes of JSON). */
const MAX_LINE_CHARS = 2000;

interface IncidentRef {
  id: string;
  dir: string;
  file: string;
}

async function incidents(ctx: OperationContext): Promise<IncidentRef[]> {
  const root = ctx.workspace ?? ctx.cwd;
  const dirs = [root];
  for (const e of await readdir(root, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith(".")) dirs.push(join(root, e.name));
  }
  const out: IncidentRef[] = [];
  for (const dir of dirs) {
    const file = join(dir, "postmortem.md");
    if (!existsSync(file)) continue;
    // a private incident the caller may not see is not listed, and not found by its id
    if (!mayView(ctx.scope, incidentAccess(dir) ?? { private: false, members: [] })) continue;
    const pm = parsePostmortem(await readFile(file, "utf8"), file).postmortem;
    out.push({ id: pm.frontMatter.id || relative(root, dir), dir, file });
  }
  return out;
}

async function findIncident(ctx: OperationContext, id: string): Promise<IncidentRef> {
  const all = await incidents(ctx);
  const root = ctx.workspace ?? ctx.cwd;
  const hit = all.find((i) => i.id === id) ?? all.find((i) => relative(root, i.dir) === id);
  if (!hit) {
    throw new DebriefError(
      "INPUT_NOT_FOUND",
      `no incident ${id} in the workspace (known: ${all.map((i) => i.id).join(", ") || "none"})`,
    );
  }
  return hit;
}

function json(uri: URL, value: unknown) {
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(value) }] };
}

/** `[from, to]` lines of a file (1-based, inclusive), streamed so a huge log is not read whole. */
async function readLines(file: string, from: number, to: number): Promise<Array<{ line: number; text: string }>> {
  const out: Array<{ line: number; text: string }> = [];
  const stream = createReadStream(file);
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (n >= from) out.push({ line: n, text: text.slice(0, MAX_LINE_CHARS) });
    if (n >= to) break;
  }
  rl.close();
  stream.destroy();
  return out;
}

/** The incident document as an agent needs it: what is written, where, and what lint says about it. */
async function incidentView(ctx: OperationContext, ref: IncidentRef) {
  const source = await readFile(ref.file, "utf8");
  const parsed = parsePostmortem(source, ref.file);
  const pm = parsed.postmortem;
  const lint = (await postmortemLintOperation.run(
    { files: [relative(ctx.cwd, ref.file) || "postmortem.md"] },
    ctx,
  )) as {
    findings: Array<{ line: number; rule: string; severity: string; message: string; hint: string }>;
  };
  const root = ctx.workspace ?? ctx.cwd;
  return {
    id: ref.id,
    dir: relative(root, ref.dir) || ".",
    postmortem: relative(root, ref.file),
    frontMatter: pm.frontMatter,
    sections: pm.sections.map((s) => ({
      key: s.key,
      heading: s.heading,
      line: s.position.line,
      hash: sectionHash(s.markdown),
      chars: s.markdown.length,
    })),
    milestones: pm.timeline
      .filter((r) => /\*\*[^*]+\*\*:/.test(r.event))
      .map((r) => ({
        name: /\*\*([^*]+)\*\*/.exec(r.event)?.[1] ?? "",
        time: r.time,
        source: r.source.replace(/`/g, ""),
        line: r.position?.line,
      })),
    actionItems: pm.actionItems.map(({ position: _p, ...item }) => item),
    findings: lint.findings.map((f) => ({
      line: f.line,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      hint: f.hint,
    })),
  };
}

/** Register the incident and workspace resources on `server`. */
export function registerIncidentResources(server: McpServer, ctx: OperationContext): void {
  const list = async () => ({
    resources: (await incidents(ctx)).map((i) => ({ uri: `incident://${encodeURIComponent(i.id)}`, name: i.id })),
  });
  server.registerResource(
    "incident",
    new ResourceTemplate("incident://{id}", { list }),
    {
      title: "An incident: front matter, sections (with hashes for postmortem_edit_section), milestones, lint findings",
      mimeType: "application/json",
    },
    async (uri, v) => json(uri, await incidentView(ctx, await findIncident(ctx, decodeURIComponent(String(v.id))))),
  );
  server.registerResource(
    "incident-timeline",
    new ResourceTemplate("incident://{id}/timeline", { list: undefined }),
    { title: "The incident's timeline built from its evidence (first page; timeline_build pages the rest)" },
    async (uri, v) => {
      const ref = await findIncident(ctx, decodeURIComponent(String(v.id)));
      const result = await timelineBuildOperation.run({ incident: relative(ctx.cwd, ref.dir) || "." }, ctx);
      return json(uri, shapeToolResult("timeline_build", result, {}).structured);
    },
  );
  server.registerResource(
    "incident-evidence",
    new ResourceTemplate("incident://{id}/evidence/{+path}", { list: undefined }),
    {
      title: "Cited evidence lines with context: incident://{id}/evidence/{path}#L{line} (or #L{from}-L{to})",
      mimeType: "application/json",
    },
    async (uri, v) => {
      const ref = await findIncident(ctx, decodeURIComponent(String(v.id)));
      const raw = String(v.path ?? "");
      const [path = "", fragment = uri.hash.slice(1)] = raw.split("#");
      const m = /^L(\d+)(?:-L?(\d+))?$/.exec(fragment);
      if (!m?.[1]) {
        throw new DebriefError("USAGE", `name the cited line: incident://${ref.id}/evidence/${path}#L<line>`);
      }
      const first = Number(m[1]);
      const last = Math.min(Number(m[2] ?? m[1]), first + 200);
      const file = resolveInWorkspace(ctx, join(ref.dir, "evidence", decodeURIComponent(path)));
      const lines = await readLines(file, Math.max(1, first - CONTEXT_LINES), last + CONTEXT_LINES);
      if (!lines.some((l) => l.line === first)) {
        throw new DebriefError("INPUT_INVALID", `evidence/${path} has no line ${first}`);
      }
      return json(uri, {
        notice: QUOTED_EVIDENCE_NOTICE,
        pointer: `evidence/${path}:${first}`,
        lines: lines.map((l) => ({
          line: l.line,
          cited: l.line >= first && l.line <= last,
          ...quote(l.text, `evidence/${path}:${l.line}`),
        })),
      });
    },
  );
  server.registerResource(
    "workspace-review",
    "workspace://review",
    { title: "Open, overdue and due-soon action items across the workspace", mimeType: "application/json" },
    async (uri) => {
      const review = await workspaceReviewOperation.run({}, ctx);
      return json(uri, shapeToolResult("workspace_review", review, {}).structured);
    },
  );
}
