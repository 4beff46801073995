/**
 * `debrief demo`: everything Debrief does, on the bundled example incident.
 * @module
 */
export { exampleIncidentDir, packageRoot } from "./example-paths.js";
export { type DemoResult, type DemoStep, type RunDemoOptions, runDemo } from "./run-demo.js";
