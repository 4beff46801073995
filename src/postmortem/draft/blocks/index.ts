import type { DraftBlockRenderer } from "../draft-block.js";
import { actionItemsBlock } from "./action-items-block.js";
import { dataGapsBlock } from "./data-gaps-block.js";
import { excerptsBlock } from "./excerpts-block.js";
import { factorsBlock } from "./factors-block.js";
import { impactBlock } from "./impact-block.js";
import { responseBlock } from "./response-block.js";
import { summaryBlock } from "./summary-block.js";
import { timelineBlock } from "./timeline-block.js";
import { triggerBlock } from "./trigger-block.js";
import { wentWellBlock } from "./went-well-block.js";
import { wentWrongBlock } from "./went-wrong-block.js";
import { whysBlock } from "./whys-block.js";

/** Every block `debrief draft` maintains, in document order (blocks sharing a section are inserted in this order). */
export const DRAFT_BLOCKS: readonly DraftBlockRenderer[] = [
  summaryBlock,
  impactBlock,
  triggerBlock,
  timelineBlock,
  responseBlock,
  factorsBlock,
  whysBlock,
  wentWellBlock,
  wentWrongBlock,
  actionItemsBlock,
  dataGapsBlock,
  excerptsBlock,
];
