import type { ChangeRecogniser } from "./change-recogniser.js";

/** Stakater Reloader: a ConfigMap/Secret change made it patch a workload's pod template (a rolling restart). */
const RELOADER_UPDATED =
  /Changes detected in '([^']+)' of type '(\w+)' in namespace '([^']+)'; updated '([^']+)' of type '(\w+)'/;
const RELOADER_FAILED = /^Update for '([^']+)' of type '(\w+)' in namespace '([^']+)' failed\b/;
/** Envoy's xDS client: clusters (CDS) and listeners (LDS) pushed by the control plane and applied. */
const CDS_UPDATED = /\badded\/updated (\d+) cluster\(s\)/;
const LDS_UPDATED = /\badd\/update listener '([^']+)'/;
const XDS_REJECTED = /\bgRPC config for type\.googleapis\.com\/envoy\.config\.(\w+)\.v\d\.(\w+) rejected: (.*)$/;

/**
 * Configuration pushed into running workloads by a controller rather than by a deploy: Stakater Reloader's rolling
 * restarts after a ConfigMap/Secret change ("Changes detected in 'X' of type 'CONFIGMAP' …; updated 'W' of type
 * 'Deployment'", and "Update for 'W' … failed"), and Envoy applying xDS updates from its control plane ("cds:
 * added/updated N cluster(s)" with N > 0, "lds: add/update listener 'L'"; "gRPC config for … rejected" is a push the
 * proxy refused, so nothing changed: a failed change). Pushes that update nothing (N = 0) are not changes. A line
 * reader may have moved Envoy's `cds:`/`lds:` logger name into the event's component, so the messages are matched
 * without it.
 */
export const dynamicConfigRecogniser: ChangeRecogniser = {
  id: "dynamic-config",
  documentation:
    "https://github.com/stakater/Reloader (controller log messages), https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/operations/dynamic_configuration and https://www.envoyproxy.io/docs/envoy/latest/configuration/overview/xds_api (CDS/LDS updates, rejected configs)",
  hint: /Changes detected in '|^Update for '|added\/updated \d+ cluster|add\/update listener '|gRPC config for type\.googleapis\.com/,
  samples: [
    "Changes detected in 'checkout-config' of type 'CONFIGMAP' in namespace 'shop'; updated 'checkout' of type 'Deployment' in namespace 'shop'",
    "Update for 'payments-ledger' of type 'StatefulSet' in namespace 'shop' failed with error Operation cannot be fulfilled",
    "cds: added/updated 2 cluster(s), skipped 13 unmodified cluster(s)",
    "lds: add/update listener 'ingress_https'",
    "gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating listener(s) ingress_https",
  ],
  recognise(e) {
    const m = e.message;
    const up = RELOADER_UPDATED.exec(m);
    if (up)
      return {
        type: "restart",
        what: `Reloader rolling restart of ${up[5]} ${up[3]}/${up[4]} after ${up[2]?.toLowerCase()} ${up[1]} changed`,
        phase: "effective",
        tool: "reloader",
        service: up[4] ?? null,
      };
    const failed = RELOADER_FAILED.exec(m);
    if (failed)
      return {
        type: "restart",
        what: `Reloader update of ${failed[2]} ${failed[3]}/${failed[1]} failed`,
        phase: "failed",
        tool: "reloader",
        service: failed[1] ?? null,
      };
    const cds = CDS_UPDATED.exec(m);
    if (cds) {
      if (Number(cds[1]) === 0) return null;
      return {
        type: "config",
        what: `envoy CDS update: ${cds[1]} cluster(s) added/updated`,
        phase: "effective",
        tool: "envoy",
      };
    }
    const lds = LDS_UPDATED.exec(m);
    if (lds) return { type: "config", what: `envoy LDS update: listener ${lds[1]}`, phase: "effective", tool: "envoy" };
    const rejected = XDS_REJECTED.exec(m);
    if (rejected)
      return {
        type: "config",
        what: `envoy rejected ${rejected[2]} config: ${rejected[3]}`.slice(0, 200),
        phase: "failed",
        tool: "envoy",
      };
    return null;
  },
};
