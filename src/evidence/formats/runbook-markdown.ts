import type { DocumentFormat } from "../evidence-format.js";

/**
 * Runbooks and other Markdown notes kept with the evidence. They are references, not occurrences: inventoried with
 * their checksum and line count, no events (a runbook's text has no timeline position).
 */
export const runbookMarkdown: DocumentFormat = {
  id: "runbook",
  samples: [
    [
      "# orders-api runbook",
      "",
      "## High error rate",
      "",
      "1. Check the 5xx ratio dashboard.",
      "2. Check the database connection pool (`pgbouncer SHOW POOLS`).",
      "3. Roll back the last deploy if it started within 30 minutes.",
    ].join("\n"),
  ],
  sampleName: "runbook.md",
  description: "Markdown runbook or note: inventoried as a reference, no events",
  kind: "note",
  shape: "document",
  detect(sample) {
    if (/\.(md|markdown)$/i.test(sample.name)) return 0.9;
    const first = sample.lines.find((l) => l.trim().length > 0) ?? "";
    return /^#{1,3} \S/.test(first) && sample.lines.some((l) => /^[-*] |^\d+\. /.test(l)) ? 0.35 : 0;
  },
  parse() {
    // references only: the pipeline already counts lines and checksums the file
  },
};

/**
 * Debrief's own collection manifest (`evidence/manifest.json`, written by `debrief collect`): inventoried, no
 * events; its per-item status is read by the draft step.
 */
export const collectManifest: DocumentFormat = {
  id: "collect-manifest",
  samples: [
    '{"formatVersion": 1, "collectedAt": "2025-02-09T11:00:00.000Z", "window": {"start": "2025-02-09T10:00:00Z", "end": "2025-02-09T10:45:00Z"}, "padding": "30m", "items": [{"source": "prometheus", "status": "failed", "error": "connection refused"}]}',
  ],
  sampleName: "manifest.json",
  description: "debrief collect manifest.json: inventoried, no events",
  kind: "note",
  shape: "document",
  detect(sample) {
    return sample.name === "manifest.json" && /"items"\s*:/.test(sample.text) ? 0.9 : 0;
  },
  parse() {
    // nothing to emit: the manifest describes the other files
  },
};
