import type { ParsedPostmortem } from "../../postmortem/parsed-postmortem.js";
import { addCounts, type RedactionCounts, redact } from "../../util/redact/index.js";
import type { ReportMilestone } from "../report-input.js";

/** Options of {@link renderGithubMarkdown}. */
export interface RenderMarkdownOptions {
  redactPii?: boolean;
  /** Keep `<!-- debrief:begin/end -->` markers (default false: a published copy does not need them). */
  keepMarkers?: boolean;
}

/** Markdown and what redaction masked. */
export interface RenderedMarkdown {
  markdown: string;
  redactions: RedactionCounts;
}

const MARKER = /^[ \t]*<!--\s*debrief:(begin|end)\b[^>]*-->[ \t]*\r?\n?/gm;
const GUIDANCE = /<!--(?![\s]*debrief)[\s\S]*?-->\s*\n?/g;

function mermaidText(text: string): string {
  // Mermaid's timeline syntax uses ':' as a separator and has no escaping: keep the words, drop the separators
  return text.replace(/[:;#]/g, " ").replace(/\s+/g, " ").trim().slice(0, 80);
}

/** A GitHub-renderable Mermaid `timeline` of the milestones and key rows. */
export function renderMermaidTimeline(title: string, milestones: ReportMilestone[]): string {
  if (milestones.length === 0) return "";
  const lines = ["```mermaid", "timeline", `    title ${mermaidText(title)}`];
  for (const m of milestones) {
    const hhmm = new Date(m.time).toISOString().slice(11, 16);
    lines.push(`    ${hhmm} UTC : ${mermaidText(m.label)}`);
  }
  lines.push("```");
  return lines.join("\n");
}

/**
 * The post-mortem as Markdown for GitHub: author guidance comments and generated-block markers removed, excerpts
 * redacted, and a Mermaid timeline of the milestones inserted at the top of the Timeline section.
 */
export function renderGithubMarkdown(
  parsed: ParsedPostmortem,
  milestones: ReportMilestone[],
  options: RenderMarkdownOptions = {},
): RenderedMarkdown {
  const redactions: RedactionCounts = {};
  let text = parsed.source.replace(/^\uFEFF/, "");
  if (!options.keepMarkers) text = text.replace(MARKER, "");
  text = text.replace(GUIDANCE, "");
  const r = redact(text, { pii: Boolean(options.redactPii) });
  addCounts(redactions, r.counts);
  text = r.text;
  const diagram = renderMermaidTimeline(String(parsed.postmortem.frontMatter.title), milestones);
  if (diagram) {
    const heading = /^#{2,3}[ \t]+(\d+[.)]\s*)?timeline\b.*$/im.exec(text);
    if (heading) {
      const at = heading.index + heading[0].length;
      text = `${text.slice(0, at)}\n\n${diagram}\n${text.slice(at)}`;
    } else {
      text = `${text.trimEnd()}\n\n## Timeline\n\n${diagram}\n`;
    }
  }
  // collapse the blank-line runs left where comments were
  text = text.replace(/\n{3,}/g, "\n\n");
  return { markdown: text.endsWith("\n") ? text : `${text}\n`, redactions };
}
