import type { AnyLintRule } from "../lint-types.js";
import { deadline } from "./action-items/deadline.js";
import { owner } from "./action-items/owner.js";
import { present } from "./action-items/present.js";
import { priority } from "./action-items/priority.js";
import { specific } from "./action-items/specific.js";
import { counterfactual } from "./blameless/counterfactual.js";
import { hindsight } from "./blameless/hindsight.js";
import { humanError } from "./blameless/human-error.js";
import { judgmental } from "./blameless/judgmental.js";
import { omission } from "./blameless/omission.js";
import { personAsCause } from "./blameless/person-as-cause.js";
import { vigilance } from "./blameless/vigilance.js";
import { whoQuestion } from "./blameless/who-question.js";
import { immediateCause } from "./factors/immediate-cause.js";
import { minCount } from "./factors/min-count.js";
import { suggestedFactors } from "./factors/suggested-factors.js";
import { systemicIssue } from "./factors/systemic-issue.js";
import { depth } from "./five-whys/depth.js";
import { endsAtPerson } from "./five-whys/ends-at-person.js";
import { distributed } from "./follow-through/distributed.js";
import { followUpReview } from "./follow-through/follow-up-review.js";
import { learningSections } from "./follow-through/learning-sections.js";
import { reviewMeeting } from "./follow-through/review-meeting.js";
import { signOff } from "./follow-through/sign-off.js";
import { tracked } from "./follow-through/tracked.js";
import { frontMatter } from "./structure/front-matter.js";
import { impactFigures } from "./structure/impact-figures.js";
import { onlySuggestions } from "./structure/only-suggestions.js";
import { parseProblems } from "./structure/parse-problems.js";
import { requiredSections } from "./structure/required-sections.js";
import { severityStated } from "./structure/severity-stated.js";
import { chronological } from "./timeline/chronological.js";
import { coverage } from "./timeline/coverage.js";
import { gaps } from "./timeline/gaps.js";
import { utcTimes } from "./timeline/utc-times.js";

/** Every lint rule, in the order findings of equal position are listed. Add a rule by listing it here. */
export const LINT_RULES: readonly AnyLintRule[] = [
  requiredSections,
  frontMatter,
  severityStated,
  impactFigures,
  parseProblems,
  onlySuggestions,
  suggestedFactors,
  chronological,
  utcTimes,
  coverage,
  gaps,
  minCount,
  systemicIssue,
  immediateCause,
  depth,
  endsAtPerson,
  present,
  owner,
  deadline,
  priority,
  specific,
  personAsCause,
  humanError,
  counterfactual,
  omission,
  hindsight,
  judgmental,
  vigilance,
  whoQuestion,
  distributed,
  tracked,
  followUpReview,
  learningSections,
  reviewMeeting,
  signOff,
];

/** Look a rule up by id. */
export function findRule(id: string): AnyLintRule | undefined {
  return LINT_RULES.find((r) => r.id === id);
}
