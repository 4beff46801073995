import { resolve } from "node:path";
import { z } from "zod";
import { draftIncident, initIncident, prepareInitInput, saveDraft } from "../../postmortem/index.js";
import { publishPostmortem } from "../../publish/index.js";
import { mineTemplatesInFile } from "../../timeline/templates/index.js";
import { defineTool } from "../mcp-tool.js";

/** `postmortem_init`: create an incident folder. */
export const initTool = defineTool({
  name: "postmortem_init",
  title: "Create an incident folder",
  description:
    "Creates DIR with a postmortem.md skeleton (front matter and every standard section), an evidence/ folder and debrief.yaml. Never overwrites existing files; reports what it kept.",
  readOnly: false,
  input: {
    dir: z.string().describe("the incident folder to create"),
    title: z.string().min(1),
    start: z.string().describe("window start, ISO-8601 with zone, e.g. 2025-02-09T10:00:00Z"),
    end: z.string().optional().describe("window end, ISO-8601 with zone"),
    severity: z.string().describe("SEV1 (worst) to SEV5"),
    services: z.array(z.string()).optional(),
    timezone: z.string().optional().describe("IANA zone for evidence timestamps without one (default UTC)"),
  },
  async run(args, ctx) {
    const input = prepareInitInput({
      title: args.title,
      start: args.start,
      severity: args.severity,
      ...(args.end ? { end: args.end } : {}),
      ...(args.services ? { service: args.services } : {}),
      ...(args.timezone ? { timezone: args.timezone } : {}),
    });
    const entries = await initIncident(resolve(ctx.cwd, args.dir), input);
    return { id: input.id, entries };
  },
});

/** `postmortem_draft`: fill the post-mortem from the evidence. */
export const draftTool = defineTool({
  name: "postmortem_draft",
  title: "Draft the post-mortem from evidence",
  description:
    "Step 3. Builds the timeline from DIR/evidence and writes what evidence can show into DIR/postmortem.md: timeline table, impact figures and durations, suggested trigger, suggested contributing factors (marked for people to confirm), data gaps and redacted excerpts. Generated text sits in delimited blocks; a block a human edited is kept and reported as a conflict.",
  readOnly: false,
  input: {
    dir: z.string().describe("the incident folder (holds postmortem.md and evidence/)"),
    redactPii: z.boolean().optional().describe("also mask e-mail and IP addresses in excerpts"),
    correctSkew: z.boolean().optional().describe("apply clock offsets found between sources"),
    dryRun: z.boolean().optional().describe("return the drafted document without writing it"),
  },
  async run(args, ctx) {
    const result = await draftIncident(resolve(ctx.cwd, args.dir), {
      ...(args.redactPii ? { redactPii: true } : {}),
      ...(args.correctSkew ? { correctSkew: true } : {}),
      onProgress: (m) => ctx.log(m),
    });
    const written = args.dryRun ? false : await saveDraft(result);
    return {
      path: result.path,
      written,
      blocks: result.blocks,
      frontMatter: result.frontMatter,
      problems: result.problems,
      ...(args.dryRun ? { document: result.source } : {}),
    };
  },
});

/** `templates_mine`: log templates with counts. */
export const templatesTool = defineTool({
  name: "templates_mine",
  title: "Mine log templates",
  description:
    "Groups the messages of one log file into templates with variables masked as <*> (Drain-like), with counts and first/last times, most frequent first. Useful to find the incident's error signature.",
  readOnly: true,
  input: {
    file: z.string().describe("one evidence file"),
    top: z.number().int().positive().max(1000).optional().describe("how many templates to return (default 50)"),
  },
  async run(args, ctx) {
    const result = await mineTemplatesInFile(resolve(ctx.cwd, args.file), { cwd: ctx.cwd });
    return {
      events: result.events,
      templates: result.templates.slice(0, args.top ?? 50).map((t) => ({
        ...t,
        first: new Date(t.first).toISOString(),
        last: new Date(t.last).toISOString(),
      })),
      totalTemplates: result.templates.length,
    };
  },
});

/** `publish_preview`: what publishing would send, without sending it. */
export const publishPreviewTool = defineTool({
  name: "publish_preview",
  title: "Preview publishing",
  description:
    "Step 5, safely: what `debrief publish` would send and create for DIR (e-mail, Slack, webhook, GitHub issues, follow-up invitation) as a dry run. Nothing is sent or written; publishing itself stays a human decision (run `debrief publish`).",
  readOnly: true,
  input: {
    dir: z.string().describe("the incident folder holding postmortem.md"),
    github: z.string().optional().describe("OWNER/REPO to preview issue filing for"),
    emailTo: z.array(z.string()).optional().describe("recipients to preview the e-mail for"),
  },
  async run(args, ctx) {
    return publishPostmortem(resolve(ctx.cwd, args.dir), {
      dryRun: true,
      force: true,
      env: ctx.env,
      ...(args.github ? { github: { repo: args.github } } : {}),
      ...(args.emailTo?.length
        ? { email: { smtp: "smtp://localhost:25", to: args.emailTo, from: "debrief@localhost" } }
        : {}),
    });
  },
});
