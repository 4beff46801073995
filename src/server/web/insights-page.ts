import type { Context } from "hono";
import { computeInsightsFrom, type Insights, renderInsightsHtml } from "../../insights/index.js";
import { todayUtc } from "./action-items-table.js";
import { trusted } from "./components.js";
import { h, layout } from "./layout.js";
import { scopeOf, type WebDeps } from "./web-context.js";

/**
 * `GET /insights`: MTTD/MTTA/MTTR/MTBF and their monthly trend, post-mortem completion and on-time rates, action
 * items, recurring patterns — computed by the insights module from ONLY the incidents the scope may see (the store
 * filters private incidents out for non-members before anything is counted), drawn with its SVG charts.
 */
export async function insightsPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const store = await deps.stores.fresh();
  const [incidents, items] = await Promise.all([store.insightRecords(scope), store.listActionItems(scope, {})]);
  const computed = computeInsightsFrom(incidents, items, { asOf: todayUtc(), workspace: "this team" });
  const insights: Insights = {
    ...computed,
    index: { incidents: incidents.length, added: 0, updated: 0, removed: 0, totalProblems: 0, warnings: [] },
  };
  // the insights report is one self-contained page with every value escaped; its body is reused as this page's
  // content (the layout's stylesheet covers its tables and key figures)
  const page = renderInsightsHtml(insights);
  const inner = /<body>([\s\S]*)<\/body>/.exec(page)?.[1] ?? "";
  // wide tables scroll inside a focusable region of their own (keyboard users can scroll it), never the page
  let n = 0;
  const content = inner
    .replace(/<h1>Incident insights<\/h1>/, "")
    .replace(/<table>/g, () => `<div class="table-wrap" tabindex="0" role="region" aria-label="Table ${++n}"><table>`)
    .replace(/<\/table>/g, "</table></div>");
  return c.html(layout({ title: "Insights", nav: "insights", scope }, h`<h1>Insights</h1>${trusted(content)}`));
}
