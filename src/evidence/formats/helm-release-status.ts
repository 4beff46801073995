import type { ChangePhase } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

const FIELD = /^(NAME|LAST DEPLOYED|NAMESPACE|STATUS|REVISION|CHART|VERSION|APP VERSION|DESCRIPTION):[ \t]+(.*?)\s*$/;

/**
 * The release summary `helm install`, `helm upgrade`, `helm rollback --wait` and `helm status` print (`NAME:`,
 * `LAST DEPLOYED:`, `NAMESPACE:`, `STATUS:`, `REVISION:`; LAST DEPLOYED is Go's ANSIC layout
 * `Mon Jan _2 15:04:05 2006` in the machine's local time, without a zone). A `deployed` release took effect at
 * LAST DEPLOYED; `failed` is a failed change, `pending-*` one still in progress. Documented:
 * https://helm.sh/docs/helm/helm_status/ and https://helm.sh/docs/helm/helm_upgrade/ (the printed summary;
 * `pkg/cli/output` and `cmd/helm/status.go` in helm's source).
 */
export const helmReleaseStatus: DocumentFormat = {
  id: "helm-release-status",
  description: "Helm release summary: helm install/upgrade/status output (NAME, LAST DEPLOYED, STATUS, REVISION)",
  kind: "change",
  shape: "document",
  samples: [
    [
      'Release "checkout" has been upgraded. Happy Helming!',
      "NAME: checkout",
      "LAST DEPLOYED: Tue Mar  4 10:00:42 2025",
      "NAMESPACE: shop",
      "STATUS: deployed",
      "REVISION: 12",
      "TEST SUITE: None",
    ].join("\n"),
  ],
  sampleName: "helm-upgrade.txt",
  detect(sample) {
    const t = sample.text;
    return /^NAME: \S+\s*$/m.test(t) && /^LAST DEPLOYED: \S/m.test(t) && /^STATUS: [a-z-]+\s*$/m.test(t) ? 0.9 : 0;
  },
  parse(text, ctx) {
    const f = createTimeFields();
    const resolver = new TimeResolver(ctx);
    const lines = text.split(/\r?\n/);
    // one output may hold several summaries (a CI job upgrading many releases): each NAME starts one
    let release: Map<string, { value: string; line: number }> | null = null;
    const flush = () => {
      const r = release;
      release = null;
      const deployed = r?.get("LAST DEPLOYED");
      if (!r || !deployed) return;
      const ts = scanTimestamp(deployed.value, 0, f) > 0 ? resolver.toEpoch(f) : Number.NaN;
      if (Number.isNaN(ts)) {
        ctx.skip(deployed.line, "invalid-timestamp", deployed.value.slice(0, 120));
        return;
      }
      const name = r.get("NAME")?.value ?? null;
      const status = r.get("STATUS")?.value ?? "";
      const revision = r.get("REVISION")?.value;
      const phase: ChangePhase =
        status === "failed" ? "failed" : status.startsWith("pending") ? "started" : "effective";
      const rollback = /rollback/i.test(r.get("DESCRIPTION")?.value ?? "");
      const type = rollback ? "rollback" : "deploy";
      const what = `helm release ${name ?? "?"}${revision ? ` revision ${revision}` : ""} ${status || "status unknown"}`;
      const namespace = r.get("NAMESPACE")?.value;
      ctx.emit(
        changeEvent({
          path: ctx.path,
          line: deployed.line,
          at: ts,
          type,
          what,
          where: name ? [name] : [],
          by: null,
          tool: "helm",
          phase,
          service: name,
          id: revision ? `${name ?? "?"}#${revision}` : null,
          ...(namespace ? { attributes: { namespace } } : {}),
        }),
      );
    };
    for (let i = 0; i < lines.length; i++) {
      const m = FIELD.exec(lines[i] as string);
      if (!m) continue;
      const key = m[1] as string;
      if (key === "NAME") {
        flush();
        release = new Map();
      }
      release?.set(key, { value: m[2] as string, line: i + 1 });
    }
    flush();
  },
};
