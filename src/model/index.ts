/**
 * The domain model: the one place Debrief's shapes are defined. Every other module imports its types from here.
 * @module
 */
export * from "./common.js";
export * from "./debrief-error.js";
export * from "./event.js";
export * from "./evidence-source.js";
export * from "./incident.js";
export * from "./incident-config.js";
export * from "./postmortem.js";
export * from "./timeline.js";
