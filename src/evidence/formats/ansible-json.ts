import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat } from "../evidence-format.js";
import { docHead, field, isRecord, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/**
 * An `ansible-playbook` run written by the JSON stdout callback (`ANSIBLE_STDOUT_CALLBACK=ansible.posix.json`):
 * `{"plays": [{"play": {...}, "tasks": [{"task": {"name", "duration": {"start", "end"}}, "hosts": {"web01":
 * {"changed": true, ...}}}]}], "stats": {...}}`. Each task that changed a host is a change in effect when the task
 * ended (`duration.end`, UTC); a task that failed on a host is a failed change. Tasks that changed nothing are not
 * changes. Documented: https://docs.ansible.com/ansible/latest/collections/ansible/posix/json_callback.html.
 */
export const ansibleJson: DocumentFormat = {
  id: "ansible-json",
  description: "Ansible playbook run from the JSON stdout callback (plays, tasks, per-host results)",
  kind: "change",
  shape: "document",
  samples: [
    JSON.stringify({
      custom_stats: {},
      global_custom_stats: {},
      plays: [
        {
          play: {
            duration: { end: "2025-03-04T10:00:24.101234Z", start: "2025-03-04T10:00:20.123456Z" },
            id: "0242ac11-0002-0000-0000-000000000001",
            name: "web",
          },
          tasks: [
            {
              hosts: { web01: { action: "template", changed: true, dest: "/etc/nginx/nginx.conf" } },
              task: {
                duration: { end: "2025-03-04T10:00:22.789000Z", start: "2025-03-04T10:00:21.456000Z" },
                id: "0242ac11-0002-0000-0000-000000000003",
                name: "template nginx.conf",
              },
            },
          ],
        },
      ],
      stats: { web01: { changed: 1, failures: 0, ok: 2, skipped: 0, unreachable: 0 } },
    }),
  ],
  sampleName: "playbook.json",
  detect(sample) {
    const t = sample.text;
    if (docHead(t) !== "{") return 0;
    return /"plays"\s*:\s*\[/.test(t) && /"tasks"\s*:\s*\[/.test(t) && /"duration"\s*:/.test(t) ? 0.97 : 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const plays = isRecord(root) && Array.isArray(root.plays) ? root.plays : null;
    if (!plays) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", 'expected {"plays": [...]}');
      return;
    }
    for (const play of plays) {
      if (!isRecord(play) || !Array.isArray(play.tasks)) continue;
      const playName = field(play, "play", "name");
      for (const t of play.tasks) {
        if (!isRecord(t) || !isRecord(t.task) || !isRecord(t.hosts)) continue;
        const changed: string[] = [];
        const failed: string[] = [];
        for (const [host, result] of Object.entries(t.hosts)) {
          if (!isRecord(result)) continue;
          if (result.failed === true || result.unreachable === true) failed.push(host);
          else if (result.changed === true) changed.push(host);
        }
        if (changed.length === 0 && failed.length === 0) continue;
        const line = doc.lineOf(t.task);
        const end = parseIsoTime(field(t.task, "duration", "end"), ctx);
        const start = parseIsoTime(field(t.task, "duration", "start"), ctx);
        const ts = Number.isFinite(end) ? end : start;
        if (!Number.isFinite(ts)) {
          ctx.skip(line, "invalid-timestamp", `task ${str(t.task.name) ?? "?"}`);
          continue;
        }
        const name = str(t.task.name) ?? "task";
        const ok = failed.length === 0;
        const phase = !ok ? "failed" : Number.isFinite(end) ? "effective" : "started";
        const type = /restart|reload/i.test(name) ? "restart" : "config";
        const hosts = ok ? changed : failed;
        const what = `ansible task "${name}"${playName ? ` (play ${playName})` : ""} ${ok ? "changed" : "failed on"} ${hosts.join(", ")}`;
        ctx.emit(
          changeEvent({
            path: ctx.path,
            line,
            at: ts,
            type,
            what,
            where: hosts,
            by: null,
            tool: "ansible",
            phase,
            // the task's end is when its change was in place; its start is kept when both are known
            ...(Number.isFinite(end) && Number.isFinite(start) ? { startedAt: start } : {}),
            service: null,
            host: hosts[0] ?? null,
            attributes: { task: name, hosts },
          }),
        );
      }
    }
  },
};
