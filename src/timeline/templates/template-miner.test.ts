import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDebriefError } from "../../model/debrief-error.js";
import { generalizeWord, mineTemplates, TemplateMiner, templateIdOf } from "./template-miner.js";
import { templateToRegExp } from "./template-pattern.js";

const templatesOf = (messages: string[]) => mineTemplates(messages).templates.map((t) => [t.template, t.count]);

describe("TemplateMiner", () => {
  it("folds 5,213 connection-pool lines into one template with their count", () => {
    const messages: string[] = [];
    for (let i = 0; i < 5213; i++) {
      messages.push(`connection pool exhausted (${(i % 20) + 1}/20 in use), waited ${1000 + (i % 4000)}ms`);
    }
    expect(templatesOf(messages)).toEqual([["connection pool exhausted (<*>/<*> in use), waited <*>", 5213]]);
  });

  it("keeps mostly-variable messages in one template instead of one cluster per line", () => {
    const messages: string[] = [];
    for (let i = 0; i < 3000; i++) {
      messages.push(`GET /api/orders/${i} ${i % 7 === 0 ? 500 : 200} in ${i % 90}ms`);
      messages.push(`cache ${i % 2 === 0 ? "hit" : "miss"} for key session:${i * 7919}`);
    }
    const m = new TemplateMiner();
    for (const msg of messages) m.add(msg);
    expect(m.clusterCount).toBe(2);
    expect(m.clusters().map((t) => [t.template, t.count])).toEqual([
      ["GET <*> <*> in <*>", 3000],
      ["cache hit for key session:<*>", 1500],
      ["cache miss for key session:<*>", 1500],
    ]);
  });

  it("turns words that vary between similar messages into <*>", () => {
    const users = ["alice", "bob", "carol", "dave", "erin", "frank"];
    const messages = users.map((u, i) => `Invalid user ${u} from 10.0.0.${i}`);
    expect(templatesOf(messages)).toEqual([["Invalid user <*> from <*>", 6]]);
  });

  it("keeps punctuation around a varying value", () => {
    const messages = ["[client alice] denied by rule", "[client bob] denied by rule", "[client carol] denied by rule"];
    expect(templatesOf(messages)).toEqual([["[client <*>] denied by rule", 3]]);
    expect(generalizeWord("user=alice", "user=bob")).toBe("user=<*>");
    expect(generalizeWord("()", "(<*>)")).toBe("(<*>)");
    expect(generalizeWord("()", "(x)")).toBe("<*>");
    expect(generalizeWord("(uid=0)", "LOGIN(uid=0)")).toBe("<*>");
  });

  it("keeps events apart whose words differ in punctuation skeleton", () => {
    const messages = [
      "session opened for user alice by (uid=0)",
      "session opened for user bob by LOGIN(uid=0)",
      "session opened for user carol by (uid=0)",
    ];
    expect(templatesOf(messages)).toEqual([
      ["session opened for user <*> by (uid=<*>)", 2],
      ["session opened for user bob by LOGIN(uid=<*>)", 1],
    ]);
  });

  it("never merges different ALL-CAPS states", () => {
    const messages = [
      "Notification: 3 (n.leader), LEADING (n.state), 1 (n.sid), LOOKING (my state)",
      "Notification: 3 (n.leader), FOLLOWING (n.state), 2 (n.sid), LOOKING (my state)",
    ];
    expect(templatesOf(messages).map(([t]) => t)).toEqual([
      "Notification: <*> (n.leader), LEADING (n.state), <*> (n.sid), LOOKING (my state)",
      "Notification: <*> (n.leader), FOLLOWING (n.state), <*> (n.sid), LOOKING (my state)",
    ]);
    const merged = mineTemplates(messages, { keepUppercaseConstants: false }).templates;
    expect(merged.map((t) => t.template)).toEqual([
      "Notification: <*> (n.leader), <*> (n.state), <*> (n.sid), LOOKING (my state)",
    ]);
  });

  it("splits a merged cluster on enum-like values that each recur", () => {
    const messages: string[] = [];
    for (let i = 0; i < 6; i++) {
      const kind = i % 3 === 0 ? "values" : "bytes";
      messages.push(`Block rdd_${i}_1 stored as ${kind} in memory (estimated size ${i}.5 KB, free 2.${i} GB)`);
    }
    const r = mineTemplates(messages);
    expect(r.templates.map((t) => [t.template, t.count])).toEqual([
      ["Block <*> stored as values in memory (estimated size <*> KB, free <*> GB)", 2],
      ["Block <*> stored as bytes in memory (estimated size <*> KB, free <*> GB)", 4],
    ]);
    expect(r.assignments).toEqual([0, 1, 1, 0, 1, 1]);
    const off = mineTemplates(messages, { maxEnumValues: 0 }).templates;
    expect(off.map((t) => t.template)).toEqual([
      "Block <*> stored as <*> in memory (estimated size <*> KB, free <*> GB)",
    ]);
  });

  it("does not split on values seen once (they are variables)", () => {
    const messages = [
      "Invalid user alice from 1.1.1.1",
      "Invalid user bob from 1.1.1.2",
      "Invalid user alice from 1.1.1.3",
    ];
    expect(templatesOf(messages)).toEqual([["Invalid user <*> from <*>", 3]]);
  });

  it("gives stable template ids: the first 8 hex digits of the template's SHA-1", () => {
    const t = "connection pool exhausted (<*>/<*> in use), waited <*>";
    const sha = createHash("sha1").update(t).digest("hex").slice(0, 8);
    expect(templateIdOf(t)).toBe(sha);
    const a = new TemplateMiner();
    const b = new TemplateMiner();
    const ida = a.add("connection pool exhausted (1/20 in use), waited 5ms");
    b.add("unrelated first line");
    const idb = b.add("connection pool exhausted (7/20 in use), waited 9ms");
    expect(a.templateId(ida)).toBe(sha);
    expect(b.templateId(idb)).toBe(sha);
    expect(a.clusters()[0]?.templateId).toBe(sha);
  });

  it("reads templates per cluster and per message", () => {
    const m = new TemplateMiner();
    const c1 = m.add("worker 1 started");
    const c2 = m.add("worker 2 started");
    expect(c1).toBe(c2);
    expect(m.templateOf(c1)).toBe("worker <*> started");
    expect(m.templateFor(c1, "worker 2 started")).toBe("worker <*> started");
    expect(m.clusterCount).toBe(1);
  });

  it("handles empty and whitespace-only messages as one empty template", () => {
    const r = mineTemplates(["", "  ", "\t"]);
    expect(r.templates.map((t) => [t.template, t.count])).toEqual([["", 3]]);
  });

  it("rejects bad options and unknown cluster ids with DebriefErrors", () => {
    for (const bad of [
      { similarityThreshold: 0 },
      { similarityThreshold: 1.5 },
      { cacheSize: -1 },
      { minEnumCount: 0.5 },
    ]) {
      let caught: unknown;
      try {
        new TemplateMiner(bad);
      } catch (error) {
        caught = error;
      }
      expect(isDebriefError(caught) && caught.code).toBe("USAGE");
    }
    const m = new TemplateMiner();
    expect(() => m.templateOf(3)).toThrow(/unknown template cluster id 3/);
  });
});

const logWord = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("user", "failed", "connection", "from", "to", "ok", "GET", "[preauth]", "x=1"),
  },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100000 }).map(String) },
  { weight: 1, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const logLine = fc.array(logWord, { maxLength: 12 }).map((w) => w.join(" "));

describe("mining properties", () => {
  it("generalizeWord gives a word that matches both inputs, and is symmetric", () => {
    const part = fc.oneof(
      fc.constantFrom("user", "=", "(", ")", "[", "]", ":", ",", "/", "<*>", "x", ""),
      fc.string({ maxLength: 4 }),
    );
    const word = fc.array(part, { maxLength: 6 }).map((p) => p.join("").replace(/\s/g, ""));
    fc.assert(
      fc.property(word, word, (a, b) => {
        const g = generalizeWord(a, b);
        expect(g).toBe(generalizeWord(b, a));
        const re = templateToRegExp(g);
        expect(re.test(a.replaceAll("<*>", "v"))).toBe(true);
        expect(re.test(b.replaceAll("<*>", "v"))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("every message gets a template that matches it (reading <*> as a wildcard), and counts add up", () => {
    fc.assert(
      fc.property(fc.array(logLine, { maxLength: 60 }), (messages) => {
        const r = mineTemplates(messages);
        expect(r.assignments).toHaveLength(messages.length);
        let total = 0;
        for (const t of r.templates) total += t.count;
        expect(total).toBe(messages.length);
        messages.forEach((m, i) => {
          const t = r.templates[r.assignments[i] as number];
          expect(t).toBeDefined();
          expect(templateToRegExp(t?.template ?? "").test(m)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(fc.array(logLine, { maxLength: 60 }), (messages) => {
        expect(mineTemplates(messages)).toEqual(mineTemplates(messages));
      }),
      { numRuns: 200 },
    );
  });

  it("recovers generated templates exactly, whatever the order of the lines", () => {
    // k event types with distinct first words and numeric variables: any order must give exactly k templates,
    // each equal to its generator with the numbers written as <*>.
    const eventType = fc.array(fc.constantFrom("alpha", "beta", "gamma", "delta", "open", "close", "read", "#"), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(eventType, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 80 }),
        (types, picks) => {
          const shapes = types.map((words, k) => [`ev${"x".repeat(k)}`, ...words.map((w) => (w === "#" ? "#" : w))]);
          const messages = picks.map(([which, a, b]) => {
            const shape = shapes[which % shapes.length] as string[];
            let n = 0;
            return shape.map((w) => (w === "#" ? String(n++ % 2 === 0 ? a : b) : w)).join(" ");
          });
          const expectedOf = (m: string) => m.replace(/\b\d+\b/g, "<*>");
          const forward = mineTemplates(messages);
          const reversed = mineTemplates([...messages].reverse());
          const used = new Set(messages.map(expectedOf));
          expect(forward.templates.length).toBe(used.size);
          expect(reversed.templates.length).toBe(used.size);
          messages.forEach((m, i) => {
            expect(forward.templates[forward.assignments[i] as number]?.template).toBe(expectedOf(m));
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
