import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import type { ChangeRecord } from "./change-recogniser.js";
import { CHANGE_RECOGNISERS, createChangeDetector } from "./index.js";

function event(message: string, kind: RawEvent["kind"] = "log", attributes: Record<string, unknown> = {}): RawEvent {
  return {
    ts: Date.UTC(2025, 2, 4, 10, 15, 12),
    path: "ci.log",
    line: 20,
    kind,
    severity: null,
    service: null,
    host: null,
    actor: null,
    message,
    attributes,
  };
}

const detect = createChangeDetector();

describe("change recognisers (conformance)", () => {
  it.each(CHANGE_RECOGNISERS.map((r) => [r.id, r] as const))("%s: every sample is recognised", (_id, r) => {
    expect(r.samples.length).toBeGreaterThan(0);
    expect(r.documentation.length).toBeGreaterThan(10);
    for (const sample of r.samples) {
      const kind = r.id === "chat-announcement" ? "chat" : "log";
      const s = typeof sample === "string" ? sample : sample.message;
      const attributes = typeof sample === "string" ? {} : sample.attributes;
      // structured recognisers are offered events by their attribute keys, not by a message hint
      if (r.fields === undefined) expect(r.hint.test(s), s).toBe(true);
      expect(r.recognise(event(s, kind, attributes)), s).not.toBeNull();
      const out = detect(event(s, kind, attributes));
      expect(out.kind, s).toBe("change");
      const change = out.attributes.change as ChangeRecord;
      expect(change.tool.length).toBeGreaterThan(0);
      expect(change.effective).toBe(change.phase === "effective");
      if (change.effective) expect(change.effectiveAt).toBe("2025-03-04T10:15:12.000Z");
    }
  });

  it("a rollout finishing is effective and names the service; the image update only started it", () => {
    const done = detect(event('deployment "checkout" successfully rolled out'));
    expect(done.service).toBe("checkout");
    expect(done.attributes.change).toMatchObject({ type: "deploy", phase: "effective", effective: true });
    const started = detect(event("deployment.apps/checkout image updated"));
    expect(started.attributes.change).toMatchObject({ phase: "started", effective: false, effectiveAt: null });
  });

  it("ordinary lines, questions in chat and metrics stay what they were", () => {
    for (const m of ["GET /api/orders 200", "Waiting for deployment rollout to finish", "user logged in"]) {
      expect(detect(event(m)).kind).toBe("log");
    }
    expect(detect(event("should we roll back?", "chat")).kind).toBe("chat");
    expect(detect(event('deployment "x" successfully rolled out', "metric")).kind).toBe("metric");
  });

  it("commands: a deploy starts, a one-shot takes effect, build and read-only steps are no changes", () => {
    const deploy = detect(event("##[group]Run ./bin/wafctl publish --ruleset managed --channel global"));
    expect(deploy.attributes.change).toMatchObject({ type: "deploy", phase: "started", tool: "ci" });
    const sudo = detect(event("ops : TTY=pts/0 ; PWD=/var/lib ; USER=postgres ; COMMAND=/bin/rm -rf /var/lib/pg/main"));
    expect(sudo.actor).toBe("ops");
    expect(sudo.attributes.change).toMatchObject({ phase: "effective", tool: "sudo" });
    for (const m of [
      "+ npm install",
      "$ pip install -r requirements.txt",
      "##[group]Run make test",
      "+ kubectl get pods -n prod",
      "ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/tail -n 50 /var/log/syslog",
    ])
      expect(detect(event(m)).kind, m).toBe("log");
  });

  it("outcomes: completed changes are effective; futures, failures and negations are not", () => {
    const live = detect(event("billing 7.2.0 is live on 6/6 hosts"));
    expect(live.service).toBe("billing");
    expect(live.attributes.change).toMatchObject({ phase: "effective", effective: true });
    expect(detect(event("Packages that will be upgraded: systemd udev")).attributes.change).toMatchObject({
      phase: "started",
    });
    for (const m of [
      "deploy failed: image not found",
      "rollout will be applied at 10:00",
      "config not reloaded: parse error",
      "GET /api/deployed-items 200",
      "Started PaymentsApplication in 5.3 seconds (process running for 6.1)",
      "Started Chef Infra Client, version 18.3.0",
    ])
      expect(detect(event(m)).kind, m).toBe("log");
  });

  it("a header left in the message does not hide a change (Salt minion log)", () => {
    const out = detect(event("[salt.state       :319 ][INFO    ][2212] Made the following changes:"));
    expect(out.attributes.change).toMatchObject({ tool: "salt", phase: "effective" });
    expect(out.message).toBe("[salt.state       :319 ][INFO    ][2212] Made the following changes:");
  });

  it("property: the detector never throws and keeps time, path and line", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom<RawEvent["kind"]>("log", "chat", "k8s-event"),
        (m, k) => {
          const e = event(m, k);
          const out = detect(e);
          expect([out.ts, out.path, out.line]).toEqual([e.ts, e.path, e.line]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
