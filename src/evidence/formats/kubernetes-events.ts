import type { DocumentFormat } from "../evidence-format.js";
import { docHead, field, isRecord, itemExcerpt, parseDocument, parseIsoTime, str } from "./document-helpers.js";

/**
 * `kubectl get events -o json` or `-o yaml` (a `List` of core/v1 `Event`s) and the events.k8s.io/v1 shape. An event seen once
 * becomes one `k8s-event`; a repeated one (count > 1) becomes two: its first occurrence (firstTimestamp, or
 * eventTime) and its latest (lastTimestamp, or series.lastObservedTime), both carrying `count`, so the timeline sees
 * when a problem started as well as that it was still going on. Warning → `warning`, Normal → `info`.
 */
export const kubernetesEvents: DocumentFormat = {
  id: "kubernetes-events",
  samples: [
    '{"apiVersion": "v1", "items": [{"apiVersion": "v1", "count": 1, "eventTime": null, "firstTimestamp": "2025-02-09T09:58:04Z", "involvedObject": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "orders-api", "namespace": "shop", "resourceVersion": "88123", "uid": "4f5e6d7c-8b9a-4c1d-9e2f-3a4b5c6d7e8f"}, "kind": "Event", "lastTimestamp": "2025-02-09T09:58:04Z", "message": "Scaled up replica set orders-api-7d9f to 3", "metadata": {"creationTimestamp": "2025-02-09T09:58:04Z", "name": "orders-api.1822f0a1b2c3d4e5", "namespace": "shop", "resourceVersion": "88125", "uid": "aa11bb22-cc33-dd44-ee55-ff6677889900"}, "reason": "ScalingReplicaSet", "reportingComponent": "deployment-controller", "reportingInstance": "", "source": {"component": "deployment-controller"}, "type": "Normal"}, {"apiVersion": "v1", "count": 14, "eventTime": null, "firstTimestamp": "2025-02-09T10:15:31Z", "involvedObject": {"apiVersion": "v1", "fieldPath": "spec.containers{orders-api}", "kind": "Pod", "name": "orders-api-7d9f-abc12", "namespace": "shop"}, "kind": "Event", "lastTimestamp": "2025-02-09T10:28:02Z", "message": "Readiness probe failed: HTTP probe failed with statuscode: 503", "metadata": {"creationTimestamp": "2025-02-09T10:15:31Z", "name": "orders-api-7d9f-abc12.1822f0ffeeddccbb", "namespace": "shop"}, "reason": "Unhealthy", "source": {"component": "kubelet", "host": "node-pool-a-3"}, "type": "Warning"}, {"apiVersion": "v1", "kind": "Event", "eventTime": "2025-02-09T10:22:10.123456Z", "firstTimestamp": null, "lastTimestamp": null, "involvedObject": {"kind": "Pod", "name": "orders-cache-0", "namespace": "shop"}, "metadata": {"name": "orders-cache-0.1822f1", "namespace": "shop", "creationTimestamp": "2025-02-09T10:22:10Z"}, "reason": "Scheduled", "message": "Successfully assigned shop/orders-cache-0 to node-pool-a-1", "reportingComponent": "default-scheduler", "reportingInstance": "default-scheduler-control-plane", "type": "Normal"}], "kind": "List", "metadata": {"resourceVersion": ""}}',
  ],
  description: "Kubernetes events: kubectl get events -o json|yaml",
  kind: "k8s-event",
  shape: "document",
  detect(sample) {
    const t = sample.text;
    if (docHead(t) !== "{") {
      // `kubectl get events -o yaml`: a List of Events, each with involvedObject/regarding and reason
      if (!/^(?:apiVersion|items|kind):/m.test(t)) return 0;
      return /^\s*(?:- )?(?:involvedObject|regarding):\s*$/m.test(t) && /^\s*(?:- )?reason:\s/m.test(t) ? 0.95 : 0;
    }
    if (/"involvedObject"\s*:|"regarding"\s*:/.test(t) && /"reason"\s*:/.test(t)) return 0.97;
    if (/"kind"\s*:\s*"(List|EventList)"/.test(t) && /"items"\s*:\s*\[\s*\]/.test(t)) return 0.5;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const items = isRecord(root)
      ? Array.isArray(root.items)
        ? root.items
        : root.kind === "Event"
          ? [root]
          : undefined
      : undefined;
    if (!items) {
      if (root !== undefined && !doc.problem) ctx.skip(1, "unexpected-shape", 'expected {"items": [...]}');
      return;
    }
    for (const ev of items) {
      const line = doc.lineOf(ev);
      if (!isRecord(ev) || doc.isPartial(ev)) {
        ctx.skip(line, isRecord(ev) ? "incomplete-item" : "unexpected-shape", itemExcerpt(ev));
        continue;
      }
      const obj = isRecord(ev.involvedObject) ? ev.involvedObject : isRecord(ev.regarding) ? ev.regarding : {};
      const series = isRecord(ev.series) ? ev.series : undefined;
      const count =
        typeof ev.count === "number"
          ? ev.count
          : typeof ev.deprecatedCount === "number"
            ? ev.deprecatedCount
            : typeof series?.count === "number"
              ? series.count
              : 1;
      const firstRaw =
        ev.firstTimestamp ?? ev.deprecatedFirstTimestamp ?? ev.eventTime ?? field(ev, "metadata", "creationTimestamp");
      const lastRaw =
        ev.lastTimestamp ?? ev.deprecatedLastTimestamp ?? series?.lastObservedTime ?? ev.eventTime ?? firstRaw;
      const first = parseIsoTime(firstRaw ?? null, ctx);
      const last = parseIsoTime(lastRaw ?? null, ctx);
      if (!Number.isFinite(first) && !Number.isFinite(last)) {
        ctx.skip(line, "invalid-timestamp", itemExcerpt(ev));
        continue;
      }
      const kind = str(obj.kind) ?? "Object";
      const name = str(obj.name) ?? "";
      const namespace = str(obj.namespace) ?? field(ev, "metadata", "namespace");
      const reason = str(ev.reason) ?? "";
      const note = str(ev.message) ?? str(ev.note) ?? "";
      const type = str(ev.type) ?? "Normal";
      const host = field(ev, "source", "host") ?? str(ev.reportingInstance);
      const attributes: Record<string, unknown> = {
        reason,
        type,
        count,
        object: `${kind}/${name}`,
        ...(namespace ? { namespace } : {}),
        ...((field(ev, "source", "component") ?? str(ev.reportingComponent))
          ? { component: field(ev, "source", "component") ?? str(ev.reportingComponent) }
          : {}),
      };
      const base = {
        path: ctx.path,
        line,
        kind: "k8s-event" as const,
        severity: type === "Warning" ? ("warning" as const) : ("info" as const),
        service: name.length > 0 ? name : null,
        host: host && host.length > 0 ? host : null,
        actor: null,
      };
      const message = `${kind}/${name} ${reason}: ${note}${count > 1 ? ` (x${count})` : ""}`;
      const firstTs = Number.isFinite(first) ? first : last;
      ctx.emit({ ...base, ts: firstTs, message, attributes: { ...attributes, occurrence: "first" } });
      if (count > 1 && Number.isFinite(last) && last !== firstTs) {
        ctx.emit({ ...base, ts: last, message, attributes: { ...attributes, occurrence: "last" } });
      }
    }
  },
};
