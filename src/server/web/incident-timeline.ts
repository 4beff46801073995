import type { Context } from "hono";
import { parseTimelineTime } from "../../report/index.js";
import type { PinRecord } from "../../store/index.js";
import { badge, evidenceHref, incidentHref } from "./components.js";
import { eventsForLines, resolveIncidentFile } from "./evidence-file.js";
import { type Html, h } from "./layout.js";
import { type PostmortemDoc, refsIn } from "./postmortem-doc.js";
import { canEdit, csrfInput, scopeOf, type WebDeps } from "./web-context.js";

/** One row of the timeline as the incident page shows it: from the document, or pinned from the evidence. */
interface Row {
  time: number | undefined;
  timeText: string;
  event: string;
  refs: Array<{ path: string; line: number }>;
  actor: string;
  origin: "document" | "pinned";
  removed: boolean;
}

/** The latest pin state per `path:line`. */
export function latestPins(pins: readonly PinRecord[]): Map<string, PinRecord> {
  const out = new Map<string, PinRecord>();
  for (const p of [...pins].sort((a, b) => a.at - b.at)) out.set(p.ref, p);
  return out;
}

/**
 * The timeline rows of a post-mortem merged with the evidence lines people pinned on the evidence view (each read
 * back as its normalised event), in time order; rows whose evidence was removed are kept, marked, and struck out.
 */
export async function timelineRows(
  deps: WebDeps,
  dir: string,
  doc: PostmortemDoc,
  pins: readonly PinRecord[],
): Promise<Row[]> {
  const state = latestPins(pins);
  const fm = doc.parsed.postmortem.frontMatter;
  const fallback = typeof fm.window?.start === "string" ? fm.window.start.slice(0, 10) : undefined;
  const cited = new Set<string>();
  const rows: Row[] = doc.parsed.postmortem.timeline.map((r) => {
    const refs = refsIn(r.source);
    for (const ref of refs) cited.add(`${ref.path}:${ref.line}`);
    return {
      time: parseTimelineTime(r.time, fallback),
      timeText: r.time.replace(/[*`]/g, ""),
      event: r.event.replace(/\*\*/g, ""),
      refs,
      actor: r.actor,
      origin: "document" as const,
      removed: refs.length > 0 && refs.every((ref) => state.get(`${ref.path}:${ref.line}`)?.state === "removed"),
    };
  });
  const folder = deps.ctx.workspace ?? deps.ctx.cwd;
  for (const pin of state.values()) {
    if (pin.state !== "pinned" || cited.has(pin.ref)) continue;
    const ref = refsIn(pin.ref)[0];
    if (!ref) continue;
    let message = "(no event read from this line)";
    let time: number | undefined;
    try {
      const abs = resolveIncidentFile(deps.ctx, dir, ref.path);
      const event = (await eventsForLines(`${folder}/${dir}`, abs, ref.line, ref.line)).get(ref.line)?.[0];
      if (event) {
        message = event.message;
        time = Date.parse(event.time);
      }
    } catch {
      message = "(the pinned evidence file cannot be read)";
    }
    rows.push({
      time,
      timeText: time === undefined ? "—" : new Date(time).toISOString().slice(0, 19).replace("T", " "),
      event: message,
      refs: [ref],
      actor: pin.by,
      origin: "pinned",
      removed: false,
    });
  }
  return rows.sort((a, b) => (a.time ?? Number.POSITIVE_INFINITY) - (b.time ?? Number.POSITIVE_INFINITY));
}

function pinForm(c: Context, dir: string, ref: string, next: "pinned" | "removed", label: string): Html {
  return h`<form method="post" action="${incidentHref(dir, "/pins")}" class="inline">${csrfInput(c)}
<input type="hidden" name="ref" value="${ref}"><input type="hidden" name="state" value="${next}">
<input type="hidden" name="back" value="incident">
<button type="submit" class="secondary small" aria-label="${label} ${ref}">${label}</button></form>`;
}

/** The timeline table: each row's evidence opens the raw-evidence view; editors can remove, restore or unpin rows. */
export function timelineTable(c: Context, dir: string, rows: readonly Row[]): Html {
  const editable = canEdit(scopeOf(c));
  if (rows.length === 0) return h`<p class="muted">The post-mortem has no timeline rows yet.</p>`;
  return h`<div class="table-wrap"><table class="stack timeline">
<caption class="visually-hidden">Timeline, UTC</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Event</th><th scope="col">Evidence</th><th scope="col">Actor</th>${editable ? h`<th scope="col"><span class="visually-hidden">Curate</span></th>` : ""}</tr></thead>
<tbody>${rows.map((r) => {
    const first = r.refs[0];
    const ref = first ? `${first.path}:${first.line}` : undefined;
    return h`<tr${r.removed ? h` class="removed"` : ""}>
<td data-label="Time">${r.removed ? h`<s>${r.timeText}</s>` : r.timeText}</td>
<td data-label="Event">${r.removed ? h`<s>${r.event}</s> ${badge("removed", "warn")}` : r.event} ${r.origin === "pinned" ? badge("pinned", "ok") : ""}</td>
<td data-label="Evidence">${r.refs.map((x) => h`<a class="evref" href="${evidenceHref(dir, x.path, x.line)}"><code>${x.path}:${x.line}</code></a> `)}</td>
<td data-label="Actor">${r.actor}</td>
${
  editable
    ? h`<td>${
        ref === undefined
          ? ""
          : r.origin === "pinned"
            ? pinForm(c, dir, ref, "removed", "Unpin")
            : r.removed
              ? pinForm(c, dir, ref, "pinned", "Restore")
              : pinForm(c, dir, ref, "removed", "Remove")
      }</td>`
    : ""
}</tr>`;
  })}</tbody></table></div>`;
}
