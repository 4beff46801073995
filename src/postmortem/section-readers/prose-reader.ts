import type { SectionReader } from "./section-reader.js";
import { joinProse, proseOf } from "./section-reader.js";

/** Summary: the section's Markdown, joined with an earlier part written under another heading. */
export const summaryReader: SectionReader = {
  key: "summary",
  read: (span, pm, ctx) => {
    pm.summary = joinProse(pm.summary, proseOf(span, ctx));
  },
};

/** Root cause (also "Trigger"): the section's Markdown, joined like the summary. */
export const rootCauseReader: SectionReader = {
  key: "rootCause",
  read: (span, pm, ctx) => {
    pm.rootCause = joinProse(pm.rootCause, proseOf(span, ctx));
  },
};
