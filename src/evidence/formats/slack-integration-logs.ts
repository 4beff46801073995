import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat } from "../evidence-format.js";
import { docHead, epochSecondsToMs, isRecord, parseDocument, str } from "./document-helpers.js";

/**
 * A Slack export's `integration_logs.json`: either the bare array or the Web API shape of `team.integrationLogs`
 * (`{"ok": true, "logs": [...]}`, often pretty-printed). Each entry (an app or integration added, removed, enabled,
 * changed in a channel) is a `config` change by `user_name` at `date` (Unix seconds).
 */
export const slackIntegrationLogs: DocumentFormat = {
  id: "slack-integration-logs",
  description: "Slack export integration_logs.json (array or the API's {ok, logs}): integration changes with actor",
  kind: "change",
  shape: "document",
  samples: [
    '{"ok": true, "logs": [{"service_id": "1234567890", "service_type": "Google Drive", "user_id": "U04ALEXKIM", "user_name": "alex.kim", "channel": "C05INCIDENT", "date": "1739095000", "change_type": "added", "scope": "incoming-webhook"}]}',
    '[{"app_id": "A0W7UKG8E", "app_type": "PagerDuty", "user_id": "U04ALEXKIM", "user_name": "alex.kim", "date": "1739095100", "change_type": "enabled", "reason": ""}]',
  ],
  sampleName: "integration_logs.json",
  detect(sample) {
    const head = docHead(sample.text);
    if (head !== "{" && head !== "[") return 0;
    const named = sample.name === "integration_logs.json";
    const shaped = /"change_type"\s*:/.test(sample.text) && /"date"\s*:/.test(sample.text);
    if (named)
      return shaped || /"logs"\s*:\s*\[\s*\]/.test(sample.text) || /^\s*\[\s*\]\s*$/.test(sample.text) ? 0.95 : 0.5;
    return shaped && /"user_name"\s*:/.test(sample.text) ? 0.8 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const logs = Array.isArray(root) ? root : isRecord(root) ? root.logs : undefined;
    if (!Array.isArray(logs)) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", 'expected an array or {"logs": [...]}');
      return;
    }
    for (const entry of logs) {
      const line = doc.lineOf(entry);
      if (!isRecord(entry)) {
        ctx.skip(line, "unexpected-shape", "not an object");
        continue;
      }
      const ts = epochSecondsToMs(entry.date);
      if (!Number.isFinite(ts)) {
        ctx.skip(line, "invalid-timestamp", JSON.stringify(entry).slice(0, 120));
        continue;
      }
      const what =
        str(entry.service_type) ?? str(entry.app_type) ?? str(entry.service_id) ?? str(entry.app_id) ?? "integration";
      const change = str(entry.change_type) ?? "changed";
      const by = str(entry.user_name) ?? str(entry.user_id);
      const channel = str(entry.channel);
      ctx.emit(
        changeEvent({
          path: ctx.path,
          line,
          at: ts,
          type: "config",
          what: `Slack integration ${what} ${change}`,
          where: channel ? [channel] : [],
          by,
          tool: "slack",
          phase: "effective",
          service: null,
          message: `Slack integration ${what} ${change}${channel ? ` in ${channel}` : ""}${str(entry.reason) ? ` (${str(entry.reason)})` : ""}`,
          ...(str(entry.user_id) ? { attributes: { userId: str(entry.user_id) } } : {}),
        }),
      );
    }
  },
};
