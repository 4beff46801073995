import type { LineFormat } from "../../evidence-format.js";

/**
 * Every line-oriented log format, in detection priority order. Written by the logs engineer; the pipeline's registry
 * (`src/evidence/formats/index.ts`) includes this list ahead of the document formats.
 */
export const LOG_FORMATS: LineFormat[] = [];
