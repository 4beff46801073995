import type { Hono, MiddlewareHandler } from "hono";
import { actionsPage, weeklyReviewPage } from "./actions-page.js";
import { WEB_JS } from "./client-script.js";
import { editPage, previewEndpoint, saveEdit } from "./edit-page.js";
import { evidencePage } from "./evidence-page.js";
import { incidentPage } from "./incident-page.js";
import { incidentsPage } from "./incidents-page.js";
import { insightsPage } from "./insights-page.js";
import { reportPage } from "./report-page.js";
import { reviewAction, reviewPage } from "./review-page.js";
import { WEB_CSS } from "./styles.js";
import { actionItemAction, pinAction } from "./web-actions.js";
import type { WebDeps } from "./web-context.js";

/**
 * The policy of the app's own pages: scripts and styles from this origin only (no inline script anywhere), forms
 * post only here, nothing framed. The rendered reports keep the stricter no-script policy of the security layer.
 */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Register BEFORE the security middleware (so it runs after it on the way out): gives the web pages the
 * {@link WEB_CSP} policy in place of the report pages' script-free one. Only HTML answers of page routes change.
 */
export function webPagePolicy(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (
      !type.startsWith("text/html") ||
      /^\/incidents\/[^/]+\/report$/.test(c.req.path) ||
      c.req.path.startsWith("/api/")
    )
      return;
    c.res.headers.set("Content-Security-Policy", WEB_CSP);
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with a form post, and the
    // cross-site guard (rightly) refuses that; nothing leaves for other sites either way
    c.res.headers.set("Referrer-Policy", "same-origin");
  };
}

const STATIC_HEADERS = { "cache-control": "public, max-age=300" };

/**
 * Mount the team web app's pages on `app` (after the security middleware): incidents, incident, evidence
 * drill-down with pins, section editor with preview and inline lint, review, action-item board, weekly review,
 * insights, and the one stylesheet and script.
 */
export function mountWebPages(app: Hono, deps: WebDeps): void {
  app.get("/static/web.css", (c) =>
    c.body(WEB_CSS, 200, { "content-type": "text/css; charset=utf-8", ...STATIC_HEADERS }),
  );
  app.get("/static/web.js", (c) =>
    c.body(WEB_JS, 200, { "content-type": "text/javascript; charset=utf-8", ...STATIC_HEADERS }),
  );
  app.get("/", (c) => incidentsPage(c, deps));
  app.get("/incidents", (c) => c.redirect("/", 301));
  app.get("/incidents/:dir", (c) => incidentPage(c, deps));
  app.get("/incidents/:dir/report", (c) => reportPage(c, deps));
  app.get("/incidents/:dir/evidence", (c) => evidencePage(c, deps));
  app.post("/incidents/:dir/pins", (c) => pinAction(c, deps));
  app.get("/incidents/:dir/edit", (c) => editPage(c, deps));
  app.post("/incidents/:dir/edit", (c) => saveEdit(c, deps));
  app.post("/incidents/:dir/preview", (c) => previewEndpoint(c, deps));
  app.post("/incidents/:dir/actions/:item", (c) => actionItemAction(c, deps));
  app.get("/incidents/:dir/review", (c) => reviewPage(c, deps));
  app.post("/incidents/:dir/review", (c) => reviewAction(c, deps));
  app.get("/actions", (c) => actionsPage(c, deps));
  app.get("/actions/review", (c) => weeklyReviewPage(c, deps));
  app.get("/insights", (c) => insightsPage(c, deps));
}
