import type { AnyMcpTool } from "../mcp-tool.js";
import { lintTool, renderTool } from "./document-tools.js";
import { evidenceInventoryTool, timelineTool } from "./evidence-tools.js";
import { draftTool, initTool, publishPreviewTool, templatesTool } from "./postmortem-tools.js";
import { insightsTool, reviewTool, searchTool } from "./workspace-tools.js";

/**
 * Every tool the MCP server offers, in the order of the post-mortem procedure. Add a tool by writing it with
 * `defineTool` and listing it here.
 */
export const MCP_TOOLS: AnyMcpTool[] = [
  initTool,
  evidenceInventoryTool,
  templatesTool,
  timelineTool,
  draftTool,
  lintTool,
  renderTool,
  publishPreviewTool,
  searchTool,
  reviewTool,
  insightsTool,
] as unknown as AnyMcpTool[];
