import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** The header of `kubectl get events` (optionally `-A`/`-o wide`): columns located by their titles. */
const HEADER = /^(?:NAMESPACE\s+)?LAST SEEN\s+.*\bREASON\b.*\bMESSAGE\s*$/;
/** An age as kubectl prints it (`45s`, `5m`, `2m30s`, `3h`, `2d4h`), maybe with a repeat count (`5m (x3 over 1h)`). */
const AGE = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:\s+\(x\d+ over [\w]+\))?$/;

/** kubectl prints kinds in lower case (`deployment/checkout`); events elsewhere name them as the API does. */
const KINDS: Record<string, string> = {
  deployment: "Deployment",
  statefulset: "StatefulSet",
  replicaset: "ReplicaSet",
  daemonset: "DaemonSet",
  horizontalpodautoscaler: "HorizontalPodAutoscaler",
  rollout: "Rollout",
  scaledobject: "ScaledObject",
  kustomization: "Kustomization",
  helmrelease: "HelmRelease",
  gitrepository: "GitRepository",
  application: "Application",
  pod: "Pod",
  node: "Node",
  job: "Job",
  cronjob: "CronJob",
  service: "Service",
};

function ageMs(text: string): number {
  const a = AGE.exec(text.trim());
  if (!a || text.trim().length === 0) return Number.NaN;
  const [d, h, m, s] = [a[1], a[2], a[3], a[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
}

/** The capture time a header line before the table states (`# captured 2025-03-04T10:05:00Z`, `date` output). */
function captureTime(lines: readonly string[], upTo: number, ctx: FormatContext): { ts: number; line: number } | null {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  for (let i = 0; i < upTo; i++) {
    const text = lines[i] ?? "";
    for (let from = 0; from < text.length; from++) {
      if (scanTimestamp(text, from, f) > 0) {
        const ts = resolver.toEpoch(f);
        if (Number.isFinite(ts)) return { ts, line: i + 1 };
      }
      if (!/\d/.test(text.slice(from))) break;
    }
  }
  return null;
}

/**
 * `kubectl get events` table output (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; NAMESPACE first with `-A`), whose only
 * times are ages relative to when the command ran. An age becomes a time only against a stated capture time: a line
 * before the table that carries one (a `# captured …` comment, `date` printed before the command). The file's mtime is
 * not trusted (copies and archives reset it). Without a capture time no time is invented: the rows are counted as
 * `no-timestamp` and a warning lists how many of them record changes (scaling, rollouts) so they can be placed by hand.
 * Timed rows are Kubernetes events (`Kind/name Reason: message`), so the change recognisers read them as the JSON
 * events are read. Documented: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/ (events columns
 * from `kubectl get events`, https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/).
 */
export const kubectlEventsTable: DocumentFormat = {
  id: "kubectl-events-table",
  description: "kubectl get events table (relative LAST SEEN ages, timed only by a stated capture time)",
  kind: "k8s-event",
  shape: "document",
  samples: [
    [
      "# captured 2025-03-04T10:05:00Z by kubectl get events -n shop",
      "LAST SEEN   TYPE      REASON              OBJECT                          MESSAGE",
      "5m          Normal    ScalingReplicaSet   deployment/checkout             Scaled up replica set checkout-7c9f8d6b5 to 3",
      "2m30s       Warning   Unhealthy           pod/checkout-7c9f8d6b5-x2x9p    Readiness probe failed: HTTP probe failed with statuscode: 503",
    ].join("\n"),
  ],
  sampleName: "events.txt",
  detect(sample) {
    const i = sample.lines.slice(0, 20).findIndex((l) => HEADER.test(l));
    return i >= 0 ? 0.97 : 0;
  },
  parse(text, ctx) {
    const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
    const h = lines.findIndex((l) => HEADER.test(l));
    if (h < 0) {
      ctx.skip(1, "unexpected-shape", "expected the header of kubectl get events (LAST SEEN … MESSAGE)");
      return;
    }
    const header = lines[h] as string;
    const col = (title: string) => header.search(new RegExp(`\\b${title}\\b`));
    const starts = ["NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].map((t) => [t, col(t)] as const);
    const present = starts.filter(([, at]) => at >= 0).sort((a, b) => a[1] - b[1]);
    const cell = (row: string, title: string): string => {
      const i = present.findIndex(([t]) => t === title);
      if (i < 0) return "";
      const from = present[i]?.[1] ?? 0;
      const to = i + 1 < present.length ? (present[i + 1]?.[1] ?? row.length) : row.length;
      return row.slice(from, to).trim();
    };
    const capture = captureTime(lines, h, ctx);
    for (let i = 0; i < h; i++) if (i + 1 !== capture?.line) ctx.skip(i + 1, "no-timestamp", lines[i] ?? "");
    // the column header is structure, like a JSON document's brackets: not a skipped record
    let untimedChanges = 0;
    let untimed = 0;
    for (let i = h + 1; i < lines.length; i++) {
      const row = lines[i] as string;
      if (row.trim().length === 0) continue;
      const age = ageMs(cell(row, "LAST SEEN"));
      const [kindRaw, ...rest] = cell(row, "OBJECT").split("/");
      const kind = KINDS[(kindRaw ?? "").toLowerCase()] ?? kindRaw ?? "";
      const name = rest.join("/");
      const reason = cell(row, "REASON");
      const message = `${kind}/${name} ${reason}: ${cell(row, "MESSAGE")}`;
      if (!capture || !Number.isFinite(age)) {
        untimed++;
        if (/Scal|Rollout|Rollback|Updated|Rescale|Reconciliation|Upgrade|Install|Sync/i.test(reason)) untimedChanges++;
        ctx.skip(i + 1, "no-timestamp", row);
        continue;
      }
      const type = cell(row, "TYPE");
      ctx.emit({
        ts: capture.ts - age,
        path: ctx.path,
        line: i + 1,
        kind: "k8s-event",
        severity: type === "Warning" ? "warning" : "info",
        service: null,
        host: null,
        actor: null,
        message,
        attributes: {
          reason,
          object: `${kind}/${name}`,
          ...(cell(row, "NAMESPACE") ? { namespace: cell(row, "NAMESPACE") } : {}),
          // the age is minute- or second-rounded by kubectl: the time is as exact as the age printed
          age: cell(row, "LAST SEEN"),
          capturedAt: new Date(capture.ts).toISOString(),
        },
      });
    }
    if (untimed > 0)
      ctx.warn?.(
        `${untimed} kubectl get events rows have only a relative age (LAST SEEN) and the file states no capture time, so they were not placed in time` +
          (untimedChanges > 0
            ? `; ${untimedChanges} of them record changes (scaling, rollouts, syncs) without a time`
            : "") +
          ": add a '# captured <ISO time>' line above the table, or collect the events with kubectl get events -o json",
      );
  },
};
