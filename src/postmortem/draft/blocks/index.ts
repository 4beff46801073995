import type { DraftBlockRenderer } from "../draft-block.js";
import { dataGapsBlock } from "./data-gaps-block.js";
import { excerptsBlock } from "./excerpts-block.js";
import { factorsBlock } from "./factors-block.js";
import { impactBlock } from "./impact-block.js";
import { timelineBlock } from "./timeline-block.js";
import { triggerBlock } from "./trigger-block.js";

/** Every block `debrief draft` maintains, in document order (blocks sharing a section are inserted in this order). */
export const DRAFT_BLOCKS: readonly DraftBlockRenderer[] = [
  impactBlock,
  triggerBlock,
  timelineBlock,
  factorsBlock,
  dataGapsBlock,
  excerptsBlock,
];
