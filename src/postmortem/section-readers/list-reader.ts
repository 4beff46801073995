import type { SectionReader } from "./section-reader.js";
import { listOrParagraphs } from "./section-reader.js";

/** What went well: one entry per bullet or paragraph. */
export const whatWentWellReader: SectionReader = {
  key: "whatWentWell",
  read: (span, pm) => {
    pm.whatWentWell.push(...listOrParagraphs(span));
  },
};

/** What went wrong: one entry per bullet or paragraph. */
export const whatWentWrongReader: SectionReader = {
  key: "whatWentWrong",
  read: (span, pm) => {
    pm.whatWentWrong.push(...listOrParagraphs(span));
  },
};

/** Lessons learned: one entry per bullet or paragraph. */
export const lessonsLearnedReader: SectionReader = {
  key: "lessonsLearned",
  read: (span, pm) => {
    pm.lessonsLearned.push(...listOrParagraphs(span));
  },
};
