import type { DocumentFormat } from "../evidence-format.js";
import { docHead, isRecord, itemExcerpt, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/** `alertname="HighErrorRate", instance=~"db-.*"` from Alertmanager's matcher objects. */
export function matcherText(matchers: unknown): string {
  if (!Array.isArray(matchers)) return "";
  return matchers
    .filter(isRecord)
    .map((m) => {
      const equal = m.isEqual !== false;
      const op = m.isRegex === true ? (equal ? "=~" : "!~") : equal ? "=" : "!=";
      return `${str(m.name) ?? "?"}${op}${JSON.stringify(str(m.value) ?? "")}`;
    })
    .join(", ");
}

/**
 * Alertmanager silences: `/api/v2/silences` or `amtool silence query -o json` (`[{id, status{state}, updatedAt,
 * comment, createdBy, endsAt, matchers[{name, value, isRegex, isEqual}], startsAt}]`). A silence is a human change
 * to alerting, so each becomes a `change` event when it started and, once expired, one when it ended.
 */
export const alertmanagerSilences: DocumentFormat = {
  id: "alertmanager-silences",
  samples: [
    '[{"id": "a8b2c3d4-1111-4e5f-9a0b-abcdefabcdef", "status": {"state": "expired"}, "updatedAt": "2025-02-09T10:45:00.000Z", "comment": "pool saturation is known, cache deploy in progress", "createdBy": "alex.kim", "endsAt": "2025-02-09T10:45:00.000Z", "matchers": [{"isEqual": true, "isRegex": false, "name": "alertname", "value": "HighLatencyP99"}, {"isEqual": true, "isRegex": true, "name": "instance", "value": "orders-api-.*"}], "startsAt": "2025-02-09T10:16:30.000Z"}]',
  ],
  description: "Alertmanager /api/v2/silences JSON or `amtool silence query -o json` output",
  kind: "change",
  shape: "document",
  detect(sample) {
    if (docHead(sample.text) !== "[") return 0;
    const t = sample.text;
    return /"matchers"\s*:/.test(t) && /"createdBy"\s*:/.test(t) && /"startsAt"\s*:/.test(t) ? 0.97 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    if (!Array.isArray(root)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", "expected an array of silences");
      return;
    }
    for (const s of root) {
      const line = doc.lineOf(s);
      if (!isRecord(s) || doc.isPartial(s)) {
        ctx.skip(line, isRecord(s) ? "incomplete-item" : "unexpected-shape", itemExcerpt(s));
        continue;
      }
      const start = parseIsoTime(s.startsAt, ctx);
      if (!Number.isFinite(start)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(s));
        continue;
      }
      const state = isRecord(s.status) ? str(s.status.state) : null;
      const matchers = matcherText(s.matchers);
      const comment = str(s.comment) ?? "";
      const attributes: Record<string, unknown> = {
        type: "silence",
        ...(str(s.id) ? { silence: str(s.id) } : {}),
        matchers,
        ...(state ? { silenceState: state } : {}),
        ...(comment ? { comment } : {}),
      };
      const base = {
        path: ctx.path,
        line,
        kind: "change" as const,
        severity: "info" as const,
        service: null,
        host: null,
        actor: str(s.createdBy),
      };
      ctx.emit({
        ...base,
        ts: start,
        message: `silence {${matchers}} started${comment ? `: ${comment}` : ""}`,
        attributes: { ...attributes, state: "started" },
      });
      const end = parseIsoTime(s.endsAt, ctx);
      if (state === "expired" && Number.isFinite(end) && end >= start) {
        ctx.emit({
          ...base,
          ts: end,
          message: `silence {${matchers}} ended${comment ? `: ${comment}` : ""}`,
          attributes: { ...attributes, state: "ended" },
        });
      }
    }
  },
};
