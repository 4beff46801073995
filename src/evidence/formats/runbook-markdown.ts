import type { DocumentFormat } from "../evidence-format.js";

/**
 * Runbooks and other Markdown notes kept with the evidence. They are references, not occurrences: inventoried with
 * their checksum and line count, no events (a runbook's text has no timeline position).
 */
export const runbookMarkdown: DocumentFormat = {
  id: "runbook",
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
