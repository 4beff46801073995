/**
 * Debrief's operations: every thing Debrief can do, described once (name, input schema, annotations, run) and
 * exposed by every adapter (`cli`, `server`, `mcp`). Adapters import this folder and the public API, nothing else.
 * @module
 */
import { evidenceCollectOperation } from "./evidence-collect.js";
import { evidenceEventsOperation } from "./evidence-events.js";
import { evidenceInventoryOperation } from "./evidence-inventory.js";
import { incidentMembersOperation } from "./incident-members.js";
import type { AnyOperation } from "./operation.js";
import { withAccessRules } from "./operation-access.js";
import { postmortemCardOperation } from "./postmortem-card.js";
import { postmortemDraftOperation } from "./postmortem-draft.js";
import { postmortemEditSectionOperation } from "./postmortem-edit.js";
import { postmortemInitOperation } from "./postmortem-init.js";
import { postmortemLintOperation } from "./postmortem-lint.js";
import { preventionSuggestOperation } from "./prevention-suggest.js";
import { publishOperation } from "./publish.js";
import { publishPreviewOperation } from "./publish-preview.js";
import { reportRenderOperation } from "./report-render.js";
import { reviewCommentOperation, reviewCommentsOperation } from "./review-comment.js";
import { reviewReviewersOperation } from "./review-reviewers.js";
import { reviewTransitionOperation } from "./review-transition.js";
import { templatesMineOperation } from "./templates-mine.js";
import { timelineBuildOperation } from "./timeline-build.js";
import { workspaceIndexOperation } from "./workspace-index.js";
import { workspaceInsightsOperation } from "./workspace-insights.js";
import { workspaceReviewOperation } from "./workspace-review.js";
import { workspaceSearchOperation } from "./workspace-search.js";
import { workspaceSyncOperation } from "./workspace-sync.js";

export { ERROR_TABLE, type ErrorMapping, errorCode, errorMapping } from "./error-table.js";
export { assertPathVisible, incidentAccess, mayView } from "./incident-access.js";
export {
  type AnyOperation,
  defineOperation,
  type Operation,
  type OperationAnnotations,
  type OperationContext,
} from "./operation.js";
export { actorOf, hasRole, requiredRole, withAccessRules } from "./operation-access.js";
export { sectionHash } from "./postmortem-edit.js";
export { REVIEW_TRANSITIONS } from "./review-transition.js";
export { describeIssue, parseOperationInput, runOperation } from "./run-operation.js";
export { toDurationMs, toMs, zDay, zDuration, zInstant, zPath, zTzMap } from "./schemas.js";
export { resolveAllInWorkspace, resolveInWorkspace } from "./workspace-path.js";
export {
  evidenceCollectOperation,
  evidenceEventsOperation,
  evidenceInventoryOperation,
  incidentMembersOperation,
  postmortemCardOperation,
  postmortemDraftOperation,
  postmortemEditSectionOperation,
  postmortemInitOperation,
  postmortemLintOperation,
  preventionSuggestOperation,
  publishOperation,
  publishPreviewOperation,
  reportRenderOperation,
  reviewCommentOperation,
  reviewCommentsOperation,
  reviewReviewersOperation,
  reviewTransitionOperation,
  templatesMineOperation,
  timelineBuildOperation,
  workspaceIndexOperation,
  workspaceInsightsOperation,
  workspaceReviewOperation,
  workspaceSearchOperation,
  workspaceSyncOperation,
};

/**
 * Every operation, in the order of the post-mortem procedure. Adapters take a list like this one as a parameter
 * (so tests and embedders can pass their own); add an operation by writing one file and listing it here. Each runs
 * under the access rules of `operation-access.ts` (role of a signed-in user, audit log), so every adapter applies
 * them alike.
 */
export const OPERATIONS: readonly AnyOperation[] = (
  [
    postmortemInitOperation,
    evidenceCollectOperation,
    evidenceInventoryOperation,
    evidenceEventsOperation,
    templatesMineOperation,
    timelineBuildOperation,
    postmortemDraftOperation,
    preventionSuggestOperation,
    postmortemEditSectionOperation,
    postmortemLintOperation,
    postmortemCardOperation,
    reportRenderOperation,
    publishPreviewOperation,
    publishOperation,
    workspaceIndexOperation,
    workspaceSearchOperation,
    workspaceSyncOperation,
    workspaceReviewOperation,
    workspaceInsightsOperation,
    reviewTransitionOperation,
    reviewCommentOperation,
    reviewCommentsOperation,
    reviewReviewersOperation,
    incidentMembersOperation,
  ] as unknown as readonly AnyOperation[]
).map(withAccessRules);

/** The operation called `name`, if any. */
export function findOperation(
  name: string,
  operations: readonly AnyOperation[] = OPERATIONS,
): AnyOperation | undefined {
  return operations.find((o) => o.name === name);
}
