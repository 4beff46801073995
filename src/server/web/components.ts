import { raw } from "hono/html";
import { type Html, h } from "./layout.js";

/** `2025-02-09 10:05:23 UTC`, or an em dash when unknown. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `2025-02-09`, or an em dash. */
export function formatDay(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return new Date(ms).toISOString().slice(0, 10);
}

/** A duration in words a person reads at a glance: `42 s`, `17 min`, `3 h 05 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${String(m % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A small label; `tone` picks its colour (text and border, never colour alone: the word is always there). */
export function badge(text: string, tone: "ok" | "warn" | "bad" | "private" | "" = ""): Html {
  return h`<span class="badge ${tone}">${text}</span>`;
}

/** Badge of a severity: SEV1/P0-ish red, SEV2 amber, else neutral. */
export function severityBadge(severity: string | null): Html | string {
  if (!severity) return "";
  const tone = /^(sev-?[01]|p[01]|critical)$/i.test(severity)
    ? "bad"
    : /^(sev-?2|p2|major)$/i.test(severity)
      ? "warn"
      : "";
  return badge(severity, tone);
}

/** Badge of a review status. */
export function reviewBadge(status: string): Html {
  const tone = status === "approved" || status === "published" ? "ok" : status === "in-review" ? "warn" : "";
  return badge(status, tone);
}

/** `<option>`s with the current value selected. */
export function options(values: readonly string[], current: string | undefined, empty = "Any"): Html {
  return h`<option value="">${empty}</option>${values.map(
    (v) => h`<option value="${v}"${v === current ? raw(" selected") : ""}>${v}</option>`,
  )}`;
}

/** A link to `base` with `params` merged into `query` (empty values dropped). */
export function withQuery(
  base: string,
  query: Record<string, string | undefined>,
  params: Record<string, string | number | undefined>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...params })) {
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/** Previous/next links and "41–60 of 1,234", inside a `nav` landmark. */
export function pager(
  base: string,
  query: Record<string, string | undefined>,
  offset: number,
  limit: number,
  total: number,
): Html {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  const prev = offset > 0 ? withQuery(base, query, { offset: Math.max(0, offset - limit) }) : undefined;
  const next = offset + limit < total ? withQuery(base, query, { offset: offset + limit }) : undefined;
  return h`<nav class="pager" aria-label="Pages">
${prev ? h`<a href="${prev}" rel="prev">← Previous</a>` : ""}
<span>${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")}</span>
${next ? h`<a href="${next}" rel="next">Next →</a>` : ""}
</nav>`;
}

/** The URL of an incident's page (folder names are URL-encoded; they never hold a slash). */
export function incidentHref(dir: string, tail = ""): string {
  return `/incidents/${encodeURIComponent(dir)}${tail}`;
}

/** The URL of the raw-evidence view of `path` (relative to the incident folder) around `line`. */
export function evidenceHref(dir: string, path: string, line?: number): string {
  const q = new URLSearchParams({ path });
  if (line !== undefined) q.set("line", String(line));
  return `${incidentHref(dir, "/evidence")}?${q.toString()}${line !== undefined ? `#L${line}` : ""}`;
}

/** A message box (`role=status` for news, `role=alert` for errors). */
export function notice(text: string | Html, tone: "" | "ok" | "bad" = ""): Html {
  return h`<div class="notice ${tone}" role="${tone === "bad" ? "alert" : "status"}">${text}</div>`;
}

/** Markdown already rendered and sanitised by the report module, inserted as-is. */
export function trusted(htmlText: string): Html {
  return raw(htmlText) as Html;
}
