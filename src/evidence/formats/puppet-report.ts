import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { parseIsoTime } from "./document-helpers.js";

/** A `logs:` entry of the report, with the line of its `time:` key. */
interface LogEntry {
  level: string;
  message: string;
  source: string;
  time: string;
  line: number;
}

const CHANGED =
  /\b(?:changed|defined content as|created|removed|executed successfully|Applied catalog)\b|Triggered 'refresh'/;

/** `'2025-03-04T10:01:52.4+00:00'` → the string without quotes. */
function scalar(text: string): string {
  const t = text.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1).replace(/''/g, "'") : t;
}

function emit(ctx: FormatContext, e: LogEntry, host: string | null): void {
  if (!CHANGED.test(e.message)) return;
  const ts = parseIsoTime(e.time.replace(/(\.\d{3})\d+/, "$1"), ctx);
  if (!Number.isFinite(ts)) {
    ctx.skip(e.line, "invalid-timestamp", `${e.source}: ${e.message}`);
    return;
  }
  const resource = /(\w+\[[^\]]+\])(?:\/\w+)?$/.exec(e.source)?.[1] ?? e.source;
  const restart = /Service\[/.test(resource) && /refresh|ensure/.test(e.message);
  const what = /^Applied catalog/.test(e.message) ? `puppet ${e.message}` : `puppet ${resource} ${e.message}`;
  const type = restart ? "restart" : "config";
  ctx.emit(
    changeEvent({
      path: ctx.path,
      line: e.line,
      at: ts,
      type,
      what,
      where: host ? [host] : [],
      by: null,
      tool: "puppet",
      phase: e.level === "err" ? "failed" : "effective",
      service: /Service\[([^\]]+)\]/.exec(resource)?.[1] ?? null,
      host,
    }),
  );
}

/**
 * A Puppet run report as the agent stores it (`lastrunreport`, `last_run_report.yaml`; YAML of
 * `Puppet::Transaction::Report`, https://www.puppet.com/docs/puppet/8/format_report.html): every `logs:` entry that
 * reports a change ("content changed …", "Triggered 'refresh'", "Applied catalog in …") is a change on the report's
 * host at its own `time:`. Read line by line (the report is plain block YAML), so no YAML library is needed.
 */
export const puppetReport: DocumentFormat = {
  id: "puppet-report",
  description: "Puppet agent run report YAML (last_run_report.yaml)",
  kind: "change",
  shape: "document",
  samples: [
    [
      "--- !ruby/object:Puppet::Transaction::Report",
      "host: web-03.example.com",
      "time: '2025-03-04T10:01:50.123456789+00:00'",
      "report_format: 12",
      "status: changed",
      "logs:",
      "- level: notice",
      "  message: content changed '{sha256}aa' to '{sha256}bb'",
      '  source: "/Stage[main]/Haproxy/File[/etc/haproxy/haproxy.cfg]/content"',
      "  tags: [notice, file]",
      "  time: '2025-03-04T10:01:52.400000000+00:00'",
      "- level: notice",
      "  message: Applied catalog in 3.21 seconds",
      "  source: Puppet",
      "  time: '2025-03-04T10:01:54.000000000+00:00'",
    ].join("\n"),
  ],
  sampleName: "last_run_report.yaml",
  detect(sample) {
    const t = sample.text.slice(0, 4000);
    if (/!ruby\/object:Puppet::Transaction::Report/.test(t)) return 0.99;
    if (/^report_format: \d+/m.test(t) && /^(?:logs|resource_statuses):/m.test(sample.text)) return 0.9;
    return 0;
  },
  parse(text, ctx) {
    const lines = text.split(/\r?\n/);
    let host: string | null = null;
    let section = "";
    let cur: LogEntry | null = null;
    const flush = () => {
      if (cur?.time) emit(ctx, cur, host);
      cur = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i] as string;
      const top = /^([a-z_]+):(.*)$/.exec(raw);
      if (top) {
        flush();
        section = top[1] as string;
        if (section === "host") host = scalar(top[2] ?? "") || null;
        continue;
      }
      if (section !== "logs") continue;
      const item = /^- (\w+): (.*)$/.exec(raw);
      const key = item ?? /^ {2}(\w+): (.*)$/.exec(raw);
      if (item) {
        flush();
        cur = { level: "", message: "", source: "", time: "", line: i + 1 };
      }
      if (!key || !cur) continue;
      const entry: LogEntry = cur;
      const value = scalar(key[2] ?? "");
      if (key[1] === "level") entry.level = value;
      else if (key[1] === "message") entry.message = value;
      else if (key[1] === "source") entry.source = value;
      else if (key[1] === "time") {
        entry.time = value;
        entry.line = i + 1;
      }
    }
    flush();
  },
};
