import type { TimelineResult } from "../timeline/index.js";

/** What the rule derivation and the backtest need from the timeline, in epoch ms. */
export interface IncidentFacts {
  impactStart: number | null;
  /** End of impact (`recovered`), else the window end. */
  impactEnd: number | null;
  /**
   * End of the baseline used to fit thresholds and count false alarms: impact start, or the suspected trigger when
   * it took effect earlier (within an hour), so a signal that rose after the change but before impact counts as an
   * early warning, not a false alarm.
   */
  baselineEnd: number | null;
  /** The first alert or report after impact began (the `detected` milestone). */
  detected: { time: number; what: string; isAlert: boolean } | null;
  /** Seconds from impact start to detection. */
  detectLatencySeconds: number | null;
  alerts: Array<{ name: string; firing: number }>;
  precursors: Array<{ name: string; time: number }>;
  /** Saturation conditions found in logs that no alert covered. */
  uncoveredSaturation: string[];
  services: string[];
  /** Mitigation that worked, for runbooks. */
  mitigation: { time: number; summary: string; evidence: string } | null;
  /** Attempts that did not help, for runbooks (diagnosis steps). */
  ineffective: Array<{ time: number; summary: string }>;
  /** Top suspected trigger. */
  trigger: { time: number; summary: string } | null;
  /** Novel error templates (the incident's error signatures). */
  signatures: string[];
}

const ms = (t: string | undefined | null): number | null => (t ? Date.parse(t) : null);

/** Read the facts off a timeline. */
export function incidentFacts(t: TimelineResult, services: readonly string[] = []): IncidentFacts {
  const impactStart = ms(t.milestones.impactStart?.time);
  const impactEnd = ms(t.milestones.recovered?.time) ?? (impactStart !== null ? Date.parse(t.window.end) : null);
  const suspect = t.findings.find((f) => f.kind === "suspect-change" && f.time);
  const trigger = suspect?.time ? { time: Date.parse(suspect.time), summary: suspect.summary } : null;
  let baselineEnd = impactStart;
  if (impactStart !== null && trigger && trigger.time < impactStart && impactStart - trigger.time <= 3_600_000) {
    baselineEnd = trigger.time;
  }
  const det = t.milestones.detected;
  const detected = det
    ? {
        time: Date.parse(det.time),
        what: (det.rationale ?? "detection").replace(/^alert (\S+) started firing.*$/, "$1"),
        isAlert: /^alert /.test(det.rationale ?? ""),
      }
    : null;
  const entry = t.milestones.mitigated
    ? t.entries.find((e) => e.milestone === "mitigated" || e.time === t.milestones.mitigated?.time)
    : undefined;
  const mit = t.milestones.mitigated;
  const evidence = mit?.evidence[0];
  return {
    impactStart,
    impactEnd,
    baselineEnd,
    detected,
    detectLatencySeconds: impactStart !== null && detected ? (detected.time - impactStart) / 1000 : null,
    alerts: t.analysis.alerting.alerts.map((a) => ({ name: a.name, firing: Date.parse(a.firing) })),
    precursors: t.analysis.alerting.precursors.map((p) => ({ name: p.name, time: Date.parse(p.time) })),
    uncoveredSaturation: t.analysis.saturation.filter((s) => !s.coveredByAlert).map((s) => s.signal),
    services: services.length > 0 ? [...services] : t.analysis.impact.services,
    mitigation: mit
      ? {
          time: Date.parse(mit.time),
          summary: entry?.event ?? mit.rationale ?? "mitigation",
          evidence: evidence ? `${evidence.path}:${evidence.line}` : "",
        }
      : null,
    ineffective: t.analysis.ineffectiveActions.map((a) => ({ time: Date.parse(a.time), summary: a.summary })),
    trigger,
    signatures: t.templates.filter((x) => x.novel).map((x) => x.template),
  };
}
