import type { StoredIncident } from "../../store/queries.js";
import type { RecurrenceInput } from "./find-recurring-patterns.js";

/** What the recurring-pattern engine compares of each indexed incident (one mapping for insights and review). */
export function recurrenceInputs(incidents: readonly StoredIncident[]): RecurrenceInput[] {
  return incidents.map((i) => ({
    id: i.id,
    dir: i.dir,
    title: i.title,
    services: i.services,
    rootCause: i.rootCause,
    factors: i.factors,
    errorSignatures: i.errorSignatures,
    impactStart: i.milestones.impactStart,
  }));
}
