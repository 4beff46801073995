import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import type { ChangeRecord } from "./change-recogniser.js";
import { createChangeDetector } from "./index.js";

const detect = createChangeDetector();

function event(message: string, attributes: Record<string, unknown> = {}): RawEvent {
  return {
    ts: Date.UTC(2026, 8, 14, 17),
    path: "x.log",
    line: 1,
    kind: "log",
    severity: null,
    service: null,
    host: null,
    actor: null,
    message,
    attributes,
  };
}

const change = (message: string, attributes: Record<string, unknown> = {}) => {
  const e = detect(event(message, attributes));
  if (e.kind !== "change") return null;
  const c = e.attributes.change as ChangeRecord;
  return [c.tool, c.phase, c.type, e.service];
};

describe("dynamic-config: configuration pushed by controllers", () => {
  it("Reloader's rolling restarts and failed updates name the workload", () => {
    expect(
      change(
        "Changes detected in 'edge-proxy-routes' of type 'CONFIGMAP' in namespace 'ingress'; updated 'edge-proxy' of type 'Deployment' in namespace 'ingress'",
      ),
    ).toEqual(["reloader", "effective", "restart", "edge-proxy"]);
    expect(change("Update for 'ledger' of type 'StatefulSet' in namespace 'shop' failed with error conflict")).toEqual([
      "reloader",
      "failed",
      "restart",
      "ledger",
    ]);
    // a change detected that updated no workload (an autoscaler's status ConfigMap) changes nothing
    expect(
      change("Changes detected in 'cluster-autoscaler-status' of type 'CONFIGMAP' in namespace 'kube-system'"),
    ).toBeNull();
  });

  it("Envoy: an xDS push is a change only when it updated something; a rejected push failed", () => {
    expect(change("added/updated 0 cluster(s), skipped 15 unmodified cluster(s)", { component: "cds" })).toBeNull();
    expect(change("add 15 cluster(s), remove 0 cluster(s)", { component: "cds" })).toBeNull();
    expect(
      change("added/updated 1 cluster(s), skipped 14 unmodified cluster(s)", { component: "cds" })?.slice(0, 2),
    ).toEqual(["envoy", "effective"]);
    expect(change("lds: add/update listener 'ingress_https'")?.slice(0, 2)).toEqual(["envoy", "effective"]);
    expect(
      change(
        "gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating listener(s)",
      )?.slice(0, 2),
    ).toEqual(["envoy", "failed"]);
  });

  it("property: a CDS line is a change exactly when its count is above zero", () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), (n, skipped) => {
        const c = change(`added/updated ${n} cluster(s), skipped ${skipped} unmodified cluster(s)`);
        expect(c === null).toBe(n === 0);
      }),
    );
  });
});

describe("flux logs lines", () => {
  it("helm-controller outcomes with the object split off into the component", () => {
    const c = { component: "HelmRelease/cart.shop" };
    expect(change("running 'upgrade' action with timeout of 5m0s", c)).toEqual(["flux", "started", "deploy", "cart"]);
    expect(
      change("Helm upgrade failed for release shop/cart with chart cart@1.9.0: context deadline exceeded", c),
    ).toEqual(["flux", "failed", "deploy", "cart"]);
    expect(change("Helm rollback to previous release shop/cart.v17 with chart cart@1.8.4 succeeded", c)).toEqual([
      "flux",
      "effective",
      "rollback",
      "cart",
    ]);
    expect(change("Kustomization/apps.flux-system - server-side apply completed")).toEqual([
      "flux",
      "effective",
      "deploy",
      "apps",
    ]);
    expect(change("release in-sync with desired state", c)).toBeNull();
  });
});

describe("schema-migration", () => {
  it("a migration starts at 'Migrating to' and is in place when recorded", () => {
    expect(change("Migrating to AddStatusIndexToShipments (20260707153012)")).toEqual([
      "rails",
      "started",
      "config",
      null,
    ]);
    expect(
      change(
        'ActiveRecord::SchemaMigration Create (0.6ms)  INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version"  [["version", "20260707153012"]]',
      )?.slice(0, 2),
    ).toEqual(["rails", "effective"]);
    expect(change("  Applying orders.0042_shipment_status_index... OK")?.slice(0, 2)).toEqual(["django", "effective"]);
    expect(change("Running upgrade 1a2b3c -> 4d5e6f, add index")?.slice(0, 2)).toEqual(["alembic", "effective"]);
  });

  it("reads of the migrations table and ordinary 'Applying' text are not migrations", () => {
    expect(
      change(
        'ActiveRecord::SchemaMigration Load (0.9ms)  SELECT "schema_migrations"."version" FROM "schema_migrations"',
      ),
    ).toBeNull();
    expect(change("Applying discount to cart 991")).toBeNull();
  });
});
