import { actionItemsReader } from "./action-items-reader.js";
import { factorsReader } from "./factors-reader.js";
import { impactReader } from "./impact-reader.js";
import { lessonsLearnedReader, whatWentWellReader, whatWentWrongReader } from "./list-reader.js";
import { rootCauseReader, summaryReader } from "./prose-reader.js";
import type { SectionReader } from "./section-reader.js";
import { timelineReader } from "./timeline-reader.js";
import { whysReader } from "./whys-reader.js";

export type { SectionContext, SectionReader, SectionSpan } from "./section-reader.js";

/**
 * The section readers the parser uses by default, one per section key. "Where we got lucky" and sections without a
 * reader are kept as text in `sections` only. Pass another list to `parsePostmortem` to read more or fewer.
 */
export const SECTION_READERS: readonly SectionReader[] = [
  summaryReader,
  rootCauseReader,
  impactReader,
  timelineReader,
  factorsReader,
  whysReader,
  whatWentWellReader,
  whatWentWrongReader,
  lessonsLearnedReader,
  actionItemsReader,
];
