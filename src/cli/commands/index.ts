import type { CliCommand } from "../cli-context.js";

/**
 * One CLI command as the program knows it before its code is loaded: enough for `debrief --help` (name, summary,
 * arguments) and a loader for the rest. The CLI imports a command's module only when that command runs (or its
 * help is asked for), so `debrief --version` and `debrief lint FILE` never pay for the HTTP server, the MCP SDK,
 * SQLite or the publish channels.
 */
export interface CliCommandEntry {
  name: string;
  /** One line for `debrief --help`; the command module's `summary` must be the same (checked by a test). */
  summary: string;
  /** Commander argument specs, as the module registers them (checked by a test). */
  args: readonly string[];
  load(): Promise<CliCommand>;
}

/**
 * Every CLI command, in the order `debrief --help` lists them. Add a command by writing
 * `src/cli/commands/<name>.ts` exporting a {@link CliCommand} and listing it here.
 */
export const COMMANDS: readonly CliCommandEntry[] = [
  // the post-mortem procedure, in order
  {
    name: "init",
    summary: "create an incident folder: postmortem.md skeleton, evidence/, debrief.yaml",
    args: ["<dir>"],
    load: async () => (await import("./init.js")).initCommand,
  },
  {
    name: "collect",
    summary: "fetch live evidence (Prometheus, Alertmanager, Loki, Elasticsearch, kubectl, PagerDuty, Slack)",
    args: ["<dir>"],
    load: async () => (await import("./collect.js")).collectCommand,
  },
  {
    name: "evidence",
    summary: "inventory incident evidence and normalise it into events",
    args: ["[paths...]"],
    load: async () => (await import("./evidence.js")).evidenceCommand,
  },
  {
    name: "templates",
    summary: "group a log's messages into templates (variables masked as <*>) with counts and first/last time",
    args: ["<file>"],
    load: async () => (await import("./templates.js")).templatesCommand,
  },
  {
    name: "timeline",
    summary: "merge evidence into one UTC timeline: rows, milestones, durations, findings",
    args: ["[paths...]"],
    load: async () => (await import("./timeline.js")).timelineCommand,
  },
  {
    name: "draft",
    summary: "fill postmortem.md from the evidence: timeline, impact, trigger, suggested factors, data gaps",
    args: ["<dir>"],
    load: async () => (await import("./draft.js")).draftCommand,
  },
  {
    name: "suggest",
    summary: "suggest alerting rules (backtested on the incident's own metrics) and runbook stubs from the findings",
    args: ["<what>", "<dir>"],
    load: async () => (await import("./suggest.js")).suggestCommand,
  },
  {
    name: "lint",
    summary: "check post-mortems like a seasoned reviewer (for CI)",
    args: ["[files...]"],
    load: async () => (await import("./lint.js")).lintCommand,
  },
  {
    name: "card",
    summary: "print the position card: claims with evidence pointers, plan, confidence and risks (YAML)",
    args: ["<dir>"],
    load: async () => (await import("./card.js")).cardCommand,
  },
  {
    name: "render",
    summary: "Render a post-mortem as a self-contained HTML report, a PDF, or GitHub Markdown with Mermaid",
    args: ["<file>"],
    load: async () => (await import("./render.js")).renderCommand,
  },
  {
    name: "publish",
    summary:
      "Distribute the report (e-mail, Slack, webhook), file action items as GitHub issues, schedule the follow-up",
    args: ["<dir>"],
    load: async () => (await import("./publish.js")).publishCommand,
  },
  // follow-through across incidents
  {
    name: "review",
    summary: "weekly review of open, overdue and due-soon action items across all incidents",
    args: ["[workspace]"],
    load: async () => (await import("./review.js")).reviewCommand,
  },
  {
    name: "workflow",
    summary: "review workflow of a post-mortem: status (draft, in-review, approved, published), reviewers, comments",
    args: ["<dir>"],
    load: async () => (await import("./workflow.js")).workflowCommand,
  },
  {
    name: "index",
    summary: "build or refresh the workspace index (SQLite) of incidents, post-mortems and action items",
    args: ["[workspace]"],
    load: async () => (await import("./index-cmd.js")).indexCommand,
  },
  {
    name: "search",
    summary: "full-text search across the workspace's post-mortems, ranked, with snippets",
    args: ["<query...>"],
    load: async () => (await import("./search.js")).searchCommand,
  },
  {
    name: "insights",
    summary: "MTTD/MTTA/MTTR/MTBF, post-mortem and action-item follow-through, and recurring patterns",
    args: ["[workspace]"],
    load: async () => (await import("./insights.js")).insightsCommand,
  },
  // surfaces
  {
    name: "serve",
    summary: "Serve the HTTP API and a browsable index of a workspace's incident reports",
    args: ["[workspace]"],
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "mcp",
    summary: "Run the MCP server on stdio so AI agents can run the post-mortem procedure with Debrief's tools",
    args: [],
    load: async () => (await import("./mcp.js")).mcpCommand,
  },
  {
    name: "skill",
    summary:
      "install the conduct-post-mortem skill where coding agents (Claude, Codex, Copilot, Gemini, opencode) load it",
    args: ["<action>"],
    load: async () => (await import("./skill.js")).skillCommand,
  },
  {
    name: "demo",
    summary: "Run everything Debrief does on the bundled example incident and write the results to a folder",
    args: [],
    load: async () => (await import("./demo.js")).demoCommand,
  },
];
