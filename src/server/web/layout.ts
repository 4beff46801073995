import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AccessScope } from "../../store/index.js";

/** A fragment of HTML whose interpolated values hono has already escaped. */
export type Html = HtmlEscapedString;

/**
 * hono's `html` tag, typed for the synchronous fragments these pages build (no promise is ever interpolated, so the
 * result is never a promise). Every interpolated string is escaped; only other fragments and `raw()` pass through.
 */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return html(strings, ...values) as Html;
}

/** The sections of the site, in navigation order. */
const NAV: Array<{ key: string; href: string; label: string }> = [
  { key: "incidents", href: "/", label: "Incidents" },
  { key: "actions", href: "/actions", label: "Action items" },
  { key: "review", href: "/actions/review", label: "Weekly review" },
  { key: "insights", href: "/insights", label: "Insights" },
];

/** Options of {@link layout}. */
export interface LayoutOptions {
  title: string;
  /** Which navigation entry is current. */
  nav?: string;
  scope: AccessScope;
  /** Add the progressive-enhancement script (editor preview, inline lint, pin buttons). */
  script?: boolean;
}

function who(scope: AccessScope): Html {
  if (scope.kind === "local") return h`<span class="who">Local (no sign-in configured)</span>`;
  return h`<span class="who">${scope.viewer.name} (${scope.viewer.role}) · <a href="/auth/logout">Sign out</a></span>`;
}

/**
 * The page shell every page shares: a skip link, a header with the site navigation (a `nav` landmark, the current
 * page marked with `aria-current`), one `main` landmark, and the stylesheet. Scripts are external files only, so the
 * content security policy can forbid inline script.
 */
export function layout(options: LayoutOptions, body: Html): Html {
  const items = NAV.map(
    (n) => h`<li><a href="${n.href}"${n.key === options.nav ? h` aria-current="page"` : ""}>${n.label}</a></li>`,
  );
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Debrief</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/web.css">
${options.script ? h`<script src="/static/web.js" defer></script>` : ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/">Debrief</a>
<nav aria-label="Main"><ul>${items}</ul></nav>
${who(options.scope)}
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}
