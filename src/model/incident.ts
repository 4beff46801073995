import { z } from "zod";
import { FORMAT_VERSION, Severity, TimeWindow } from "./common.js";

/** Lifecycle of an incident as Debrief tracks it. */
export const IncidentStatus = z.enum(["open", "mitigated", "resolved", "closed"]);
/** See {@link IncidentStatus}. */
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** An incident: what happened, where, and when. */
export const Incident = z.object({
  formatVersion: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
  /** Stable id, e.g. `INC-2025-0209`. */
  id: z.string().min(1),
  title: z.string().min(1),
  severity: Severity,
  services: z.array(z.string()).default([]),
  window: TimeWindow,
  status: IncidentStatus.default("open"),
});
/** See {@link Incident}. */
export type Incident = z.infer<typeof Incident>;
